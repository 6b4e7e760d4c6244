-- One row per order, amounts in the order currency and in US dollars.
with

orders as (

    select * from {{ ref('int_orders_converted_to_usd') }}

),

final as (

    select
        -- keys
        order_id,
        customer_id,
        store_id,
        order_date,

        -- dimensions
        channel,
        region_code,
        currency_code,
        order_status,
        is_cancelled,
        ordered_at,

        -- measures
        order_total_local,
        usd_per_unit,
        order_total_usd

    from orders

)

select * from final

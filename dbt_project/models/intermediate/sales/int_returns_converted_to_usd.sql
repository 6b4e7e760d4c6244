-- Returns with their order's region, channel, store and customer, and the refund in US dollars at
-- the rate of the day the return was received (UTC), when the refund is paid.
with

returns as (

    select * from {{ ref('stg_oms__returns') }}

),

orders as (

    select * from {{ ref('int_orders_converted_to_usd') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_filled') }}

),

joined as (

    select
        returns.return_id,
        returns.order_line_id,
        returns.order_id,
        returns.line_number,
        returns.product_id,
        returns.warehouse_id,
        orders.customer_id,
        orders.store_id,
        orders.order_date,
        orders.channel,
        orders.region_code,
        returns.return_reason,
        returns.return_channel,
        returns.currency_code,
        returns.returned_at,
        returns.returned_date,
        returns.quantity_returned,
        returns.refund_local,
        fx_rates.usd_per_unit,
        returns.refund_local * fx_rates.usd_per_unit as refund_usd

    from returns
    left join orders on returns.order_id = orders.order_id
    left join fx_rates
        on
            returns.currency_code = fx_rates.currency_code
            and returns.returned_date = fx_rates.date_day

)

select * from joined

-- Web sessions with their conformed channel and the order they placed, if any. A session's
-- purchase is attributed to the session's traffic source: revenue of paid-channel sessions is
-- the revenue marketing's ad spend is measured against. Cancelled orders carry no revenue.
with

sessions as (

    select * from {{ ref('stg_web__sessions') }}

),

orders as (

    select * from {{ ref('int_orders_converted_to_usd') }}

),

classified as (

    select
        *,
        -- dim_channel has one row for unpaid traffic: organic and direct
        case when channel = 'direct' then 'organic' else channel end as channel_id,
        channel not in ('organic', 'direct') as is_paid_channel
    from sessions

),

attributed as (

    select
        classified.*,
        orders.order_date,
        orders.region_code as order_region_code,
        orders.is_cancelled as is_order_cancelled,
        case
            when orders.order_id is not null and not orders.is_cancelled then orders.order_total_usd
            else 0
        end as order_revenue_usd

    from classified
    left join orders on classified.order_id = orders.order_id

)

select * from attributed

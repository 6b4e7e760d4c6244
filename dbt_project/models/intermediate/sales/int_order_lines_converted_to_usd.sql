-- Order lines with their order's day, region, channel and status, and their amounts, cost and
-- gross profit in US dollars at the order's rate. Lines whose order header has not arrived yet
-- are left out (their status is unknown).
with

order_lines as (

    select * from {{ ref('stg_oms__order_lines') }}

),

orders as (

    select * from {{ ref('int_orders_converted_to_usd') }}

),

joined as (

    select
        order_lines.order_line_id,
        order_lines.order_id,
        order_lines.line_number,
        order_lines.product_id,
        orders.customer_id,
        orders.store_id,
        orders.order_date,
        orders.ordered_at,
        orders.channel,
        orders.region_code,
        orders.is_cancelled,
        order_lines.currency_code,
        order_lines.quantity,
        order_lines.unit_price_local,
        order_lines.discount_local,
        order_lines.line_amount_local,
        order_lines.unit_cost_local,
        order_lines.quantity * order_lines.unit_cost_local as cost_local,
        orders.usd_per_unit

    from order_lines
    inner join orders on order_lines.order_id = orders.order_id

),

converted as (

    select
        *,
        line_amount_local * usd_per_unit as line_amount_usd,
        discount_local * usd_per_unit as discount_usd,
        cost_local * usd_per_unit as cost_usd,
        (line_amount_local - cost_local) * usd_per_unit as gross_profit_usd
    from joined

)

select * from converted

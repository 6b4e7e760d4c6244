-- The sales department's daily measures in long form: one row per measure, day and region.
-- KPIs in the catalogue name these measures as their numerator and denominator. Every measure is
-- a sum or a count, so it adds up over days and regions; ratios are formed from the sums later.
with

orders as (

    select * from {{ ref('int_orders_sequenced_by_customer') }}

),

order_lines as (

    select * from {{ ref('int_order_lines_converted_to_usd') }}

),

returns as (

    select * from {{ ref('int_returns_converted_to_usd') }}

),

opportunities as (

    select * from {{ ref('int_opportunities_converted_to_usd') }}

),

orders_daily as (

    select
        order_date as date_day,
        region_code,
        sum(case when not is_cancelled then order_total_usd else 0 end) as revenue_usd,
        sum(case when not is_cancelled then 1 else 0 end) as orders_placed,
        sum(case when is_repeat_order then 1 else 0 end) as repeat_orders,
        sum(case when is_first_order then 1 else 0 end) as new_customers

    from orders
    group by order_date, region_code

),

order_lines_daily as (

    select
        order_date as date_day,
        region_code,
        sum(line_amount_usd) as net_sales_usd,
        sum(gross_profit_usd) as gross_profit_usd

    from order_lines
    where not is_cancelled
    group by order_date, region_code

),

returns_daily as (

    select
        returned_date as date_day,
        region_code,
        sum(refund_usd) as returned_value_usd

    from returns
    -- A return can arrive before its order's header (a late order record): its region is not
    -- known yet, and it counts from the run that receives the header (this model is rebuilt whole).
    where region_code is not null
    group by returned_date, region_code

),

opportunities_daily as (

    select
        closed_date as date_day,
        region_code,
        sum(case when is_won then amount_usd else 0 end) as b2b_bookings_usd,
        sum(case when is_won then 1 else 0 end) as opportunities_won,
        count(*) as opportunities_closed

    from opportunities
    where is_closed
    group by closed_date, region_code

),

unpivoted as (

    select
        date_day,
        region_code,
        'revenue_usd' as measure_id,
        revenue_usd as measure_value
    from orders_daily

    union all

    select
        date_day,
        region_code,
        'orders_placed' as measure_id,
        orders_placed as measure_value
    from orders_daily

    union all

    select
        date_day,
        region_code,
        'repeat_orders' as measure_id,
        repeat_orders as measure_value
    from orders_daily

    union all

    select
        date_day,
        region_code,
        'new_customers' as measure_id,
        new_customers as measure_value
    from orders_daily

    union all

    select
        date_day,
        region_code,
        'net_sales_usd' as measure_id,
        net_sales_usd as measure_value
    from order_lines_daily

    union all

    select
        date_day,
        region_code,
        'gross_profit_usd' as measure_id,
        gross_profit_usd as measure_value
    from order_lines_daily

    union all

    select
        date_day,
        region_code,
        'returned_value_usd' as measure_id,
        returned_value_usd as measure_value
    from returns_daily

    union all

    select
        date_day,
        region_code,
        'b2b_bookings_usd' as measure_id,
        b2b_bookings_usd as measure_value
    from opportunities_daily

    union all

    select
        date_day,
        region_code,
        'opportunities_won' as measure_id,
        opportunities_won as measure_value
    from opportunities_daily

    union all

    select
        date_day,
        region_code,
        'opportunities_closed' as measure_id,
        opportunities_closed as measure_value
    from opportunities_daily

),

final as (

    select
        measure_id,
        date_day,
        region_code,
        cast(measure_value as {{ type_double() }}) as measure_value

    from unpivoted

)

select * from final

-- The sales department's daily measures in long form: one row per measure, day and region.
-- KPIs in the catalogue name these measures as their numerator and denominator.
with

orders as (

    select * from {{ ref('int_orders_converted_to_usd') }}

),

daily as (

    select
        order_date as date_day,
        region_code,
        sum(case when not is_cancelled then order_total_usd else 0 end) as revenue_usd,
        sum(case when not is_cancelled then 1 else 0 end) as orders_placed

    from orders
    group by order_date, region_code

),

unpivoted as (

    select
        date_day,
        region_code,
        'revenue_usd' as measure_id,
        revenue_usd as measure_value
    from daily

    union all

    select
        date_day,
        region_code,
        'orders_placed' as measure_id,
        orders_placed as measure_value
    from daily

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

-- The operations department's daily measures in long form: one row per measure, UTC day and
-- region (the region the warehouse serves). KPIs in the catalogue name these measures as their
-- numerator and denominator; every measure adds up over days and regions.
with

shipments as (

    select * from {{ ref('int_shipments_joined_to_orders') }}

),

inventory_days as (

    select * from {{ ref('int_inventory_days_expanded') }}

),

shipped as (

    select
        shipped_date as date_day,
        region_code,
        count(*) as shipments_shipped,
        sum(order_to_ship_hours) as order_to_ship_hours

    from shipments
    where shipped_at is not null
    group by shipped_date, region_code

),

delivered as (

    select
        delivered_date as date_day,
        region_code,
        count(*) as shipments_delivered,
        sum(case when is_delivered_on_time then 1 else 0 end) as shipments_delivered_on_time

    from shipments
    where is_delivered
    group by delivered_date, region_code

),

stock as (

    select
        date_day,
        region_code,
        count(*) as sku_days,
        sum(case when is_stocked_out then 1 else 0 end) as stockout_sku_days

    from inventory_days
    group by date_day, region_code

),

unpivoted as (

    select
        'shipments_shipped' as measure_id,
        date_day,
        region_code,
        shipments_shipped as measure_value
    from shipped

    union all

    select
        'order_to_ship_hours' as measure_id,
        date_day,
        region_code,
        order_to_ship_hours as measure_value
    from shipped

    union all

    select
        'shipments_delivered' as measure_id,
        date_day,
        region_code,
        shipments_delivered as measure_value
    from delivered

    union all

    select
        'shipments_delivered_on_time' as measure_id,
        date_day,
        region_code,
        shipments_delivered_on_time as measure_value
    from delivered

    union all

    select
        'sku_days' as measure_id,
        date_day,
        region_code,
        sku_days as measure_value
    from stock

    union all

    select
        'stockout_sku_days' as measure_id,
        date_day,
        region_code,
        stockout_sku_days as measure_value
    from stock

),

final as (

    select
        cast(measure_id as {{ dbt.type_string() }}) as measure_id,
        cast(date_day as date) as date_day,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(measure_value as {{ type_double() }}) as measure_value

    from unpivoted

)

select * from final

-- One row per warehouse, product and day: each stock snapshot stands for its own day and every day
-- up to the next snapshot of the same warehouse and product (just its own day when it is the last
-- one), so product-warehouse days add up over days whether snapshots are daily or periodic.
with

snapshots as (

    select * from {{ ref('stg_erp__inventory_snapshots') }}

),

warehouses as (

    select * from {{ ref('stg_erp__warehouses') }}

),

dates as (

    select * from {{ ref('dim_date') }}

),

with_next_snapshot as (

    select
        snapshot_date,
        warehouse_id,
        product_id,
        on_hand_units,
        is_stocked_out,
        lead(snapshot_date) over (
            partition by warehouse_id, product_id
            order by snapshot_date
        ) as next_snapshot_date

    from snapshots

),

validity as (

    select
        snapshot_date,
        warehouse_id,
        product_id,
        on_hand_units,
        is_stocked_out,
        coalesce(
            cast({{ dbt.dateadd('day', -1, 'next_snapshot_date') }} as date),
            snapshot_date
        ) as valid_to_date

    from with_next_snapshot

),

single_days as (

    -- Daily snapshots stand for their own day only: no calendar join needed.
    select
        snapshot_date as date_day,
        snapshot_date,
        warehouse_id,
        product_id,
        on_hand_units,
        is_stocked_out
    from validity
    where valid_to_date = snapshot_date

),

spanned_days as (

    select
        dates.date_day,
        validity.snapshot_date,
        validity.warehouse_id,
        validity.product_id,
        validity.on_hand_units,
        validity.is_stocked_out

    from validity
    inner join dates
        on dates.date_day between validity.snapshot_date and validity.valid_to_date
    where validity.valid_to_date > validity.snapshot_date

),

expanded as (

    select * from single_days
    union all
    select * from spanned_days

),

with_region as (

    select
        expanded.date_day,
        expanded.snapshot_date,
        expanded.warehouse_id,
        warehouses.region_code,
        expanded.product_id,
        expanded.on_hand_units,
        expanded.is_stocked_out

    from expanded
    left join warehouses on expanded.warehouse_id = warehouses.warehouse_id

)

select * from with_region

-- One row per warehouse, product and snapshot day: stock at the start of the warehouse's day.
with

snapshots as (

    select * from {{ ref('stg_erp__inventory_snapshots') }}

),

warehouses as (

    select * from {{ ref('stg_erp__warehouses') }}

),

joined as (

    select
        snapshots.snapshot_date,
        snapshots.warehouse_id,
        snapshots.product_id,
        warehouses.region_code,
        snapshots.is_stocked_out,
        snapshots.on_hand_units,
        snapshots.backordered_units,
        snapshots.on_order_units,
        snapshots.reorder_point_units,
        snapshots.unit_cost_usd

    from snapshots
    left join warehouses on snapshots.warehouse_id = warehouses.warehouse_id

),

final as (

    select
        -- keys
        cast(snapshot_date as date) as snapshot_date,
        cast(warehouse_id as {{ dbt.type_string() }}) as warehouse_id,
        cast(product_id as {{ dbt.type_string() }}) as product_id,
        cast(region_code as {{ dbt.type_string() }}) as region_code,

        -- dimensions
        cast(is_stocked_out as boolean) as is_stocked_out,

        -- measures
        cast(on_hand_units as {{ dbt.type_int() }}) as on_hand_units,
        cast(backordered_units as {{ dbt.type_int() }}) as backordered_units,
        cast(on_order_units as {{ dbt.type_int() }}) as on_order_units,
        cast(reorder_point_units as {{ dbt.type_int() }}) as reorder_point_units,
        cast(unit_cost_usd as {{ type_double() }}) as unit_cost_usd,
        cast(on_hand_units * unit_cost_usd as {{ type_double() }}) as on_hand_value_usd

    from joined

)

select * from final

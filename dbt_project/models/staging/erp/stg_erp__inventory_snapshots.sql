-- One row per warehouse, product and snapshot day: stock at the start of the warehouse's local day.
with

deduplicated as (

    {{ latest_version(
        source('erp', 'inventory_snapshots'),
        ['snapshot_date', 'warehouse_id', 'product_id'],
        '_loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        snapshot_date,
        warehouse_id,
        product_id,

        -- dimensions
        on_hand_units = 0 as is_stocked_out,

        -- measures
        cast(on_hand_units as {{ dbt.type_int() }}) as on_hand_units,
        cast(backordered_units as {{ dbt.type_int() }}) as backordered_units,
        cast(on_order_units as {{ dbt.type_int() }}) as on_order_units,
        cast(reorder_point_units as {{ dbt.type_int() }}) as reorder_point_units,
        cast(unit_cost_usd as {{ dbt.type_numeric() }}) as unit_cost_usd,

        -- lineage
        _source_file as source_file

    from deduplicated

)

select * from renamed

-- One row per warehouse: the latest snapshot the ERP exported.
with

latest_version as (

    {{ latest_version(
        source('erp', 'warehouses'),
        'warehouse_id',
        'updated_at desc, _loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        warehouse_id,

        -- dimensions
        warehouse_name,
        upper(region_code) as region_code,
        city,
        timezone as time_zone,

        -- dates and timestamps
        opened_on as opened_date,
        {{ to_utc('updated_at') }} as updated_at,

        -- lineage
        _source_file as source_file

    from latest_version

)

select * from renamed

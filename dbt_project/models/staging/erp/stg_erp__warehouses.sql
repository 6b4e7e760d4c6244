-- One row per warehouse: the latest snapshot the ERP exported.
with

source as (

    select * from {{ source('erp', 'warehouses') }}

),

latest_version as (

    select
        *,
        row_number() over (
            partition by warehouse_id
            order by updated_at desc, _loaded_at desc, _source_file desc
        ) as version_rank
    from source

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
    where version_rank = 1

)

select * from renamed

-- One row per sales point (web shop, B2B desk or retail store), from the latest snapshot that lists it.
with

source as (

    select * from {{ source('oms', 'stores') }}

),

latest_snapshot as (

    select
        *,
        row_number() over (
            partition by store_id
            order by updated_at desc, _loaded_at desc, _source_file desc
        ) as version_rank
    from source

),

renamed as (

    select
        -- keys
        store_id,
        warehouse_id,

        -- dimensions
        store_name,
        lower(channel) as channel,
        upper(region_code) as region_code,
        upper(currency) as currency_code,
        timezone as time_zone,

        -- dates and timestamps
        opened_on as opened_date,
        {{ to_utc('updated_at') }} as updated_at,

        -- lineage
        _source_file as source_file

    from latest_snapshot
    where version_rank = 1

)

select * from renamed

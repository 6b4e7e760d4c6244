-- One row per sales point (web shop, B2B desk or retail store), from the latest snapshot that lists it.
with

latest_snapshot as (

    {{ latest_version(
        source('oms', 'stores'),
        'store_id',
        'updated_at desc, _loaded_at desc, _source_file desc'
    ) }}

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

)

select * from renamed

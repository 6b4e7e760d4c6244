-- One row per product of the catalogue, from the latest snapshot that lists it.
with

latest_snapshot as (

    {{ latest_version(
        source('oms', 'products'),
        'product_id',
        'updated_at desc, _loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        product_id,
        sku,

        -- dimensions
        product_name,
        lower(category) as category,

        -- measures
        cast(list_price_usd as {{ dbt.type_numeric() }}) as list_price_usd,
        cast(standard_cost_usd as {{ dbt.type_numeric() }}) as standard_cost_usd,

        -- dates and timestamps
        launched_on as launch_date,
        {{ to_utc('updated_at') }} as updated_at,

        -- lineage
        _source_file as source_file

    from latest_snapshot

)

select * from renamed

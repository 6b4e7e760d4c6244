-- One row per product of the catalogue, from the latest snapshot that lists it.
with

source as (

    select * from {{ source('oms', 'products') }}

),

latest_snapshot as (

    select
        *,
        row_number() over (
            partition by product_id
            order by updated_at desc, _loaded_at desc, _source_file desc
        ) as version_rank
    from source

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
    where version_rank = 1

)

select * from renamed

-- One row per order: the latest version the order system sent, with UTC times.
with

source as (

    select * from {{ source('oms', 'orders') }}

),

latest_version as (

    select
        *,
        row_number() over (
            partition by order_id
            order by updated_at desc, _loaded_at desc, _source_file desc
        ) as version_rank
    from source

),

renamed as (

    select
        -- keys
        order_id,
        customer_id,
        store_id,

        -- dimensions
        lower(channel) as channel,
        upper(region_code) as region_code,
        upper(currency) as currency_code,
        lower(status) as order_status,
        lower(status) = 'cancelled' as is_cancelled,

        -- measures
        cast(order_total as {{ dbt.type_numeric() }}) as order_total_local,

        -- timestamps
        {{ to_utc('ordered_at') }} as ordered_at,
        cast({{ to_utc('ordered_at') }} as date) as order_date,
        {{ to_utc('updated_at') }} as updated_at,

        -- lineage
        _source_file as source_file

    from latest_version
    where version_rank = 1

)

select * from renamed

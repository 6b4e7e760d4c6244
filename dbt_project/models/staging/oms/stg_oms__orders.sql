-- One row per order: the latest version the order system sent, with UTC times.
-- A table, unlike most staging models: nine tests and models read it in a build, and as a view
-- each of them would de-duplicate the whole raw table again.
{{ config(materialized='table') }}

with

latest_version as (

    {{ latest_version(
        source('oms', 'orders'),
        'order_id',
        'updated_at desc, _loaded_at desc, _source_file desc'
    ) }}

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

)

select * from renamed

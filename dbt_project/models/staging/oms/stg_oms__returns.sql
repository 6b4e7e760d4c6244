-- One row per returned order line, times in UTC. Some returns land late and a few are sent again
-- in a later file: one row per return_id is kept.
with

deduplicated as (

    {{ latest_version(
        source('oms', 'returns'),
        'return_id',
        '_loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        return_id,
        {{ dbt.concat(["order_id", "'-'", "cast(line_number as " ~ dbt.type_string() ~ ")"]) }} as order_line_id,
        order_id,
        cast(line_number as integer) as line_number,
        product_id,
        warehouse_id,

        -- dimensions
        lower(reason) as return_reason,
        lower(return_channel) as return_channel,
        upper(currency) as currency_code,

        -- measures
        cast(quantity as integer) as quantity_returned,
        cast(refund_amount as {{ dbt.type_numeric() }}) as refund_local,

        -- timestamps
        {{ to_utc('returned_at') }} as returned_at,
        cast({{ to_utc('returned_at') }} as date) as returned_date,

        -- lineage
        _source_file as source_file

    from deduplicated

)

select * from renamed

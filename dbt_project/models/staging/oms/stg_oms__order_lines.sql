-- One row per order line. Lines never change, but some arrive late and a re-export sometimes sends
-- a line again in a later file: one row per (order_id, line_number) is kept.
-- A table, unlike most staging models: six tests and models read it in a build, and as a view
-- each of them would de-duplicate the whole raw table again.
{{ config(materialized='table') }}

with

deduplicated as (

    {{ latest_version(
        source('oms', 'order_lines'),
        ['order_id', 'line_number'],
        'updated_at desc, _loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        {{ dbt.concat(["order_id", "'-'", "cast(line_number as " ~ dbt.type_string() ~ ")"]) }} as order_line_id,
        order_id,
        cast(line_number as integer) as line_number,
        product_id,

        -- dimensions
        upper(currency) as currency_code,

        -- measures
        cast(quantity as integer) as quantity,
        cast(unit_price as {{ dbt.type_numeric() }}) as unit_price_local,
        cast(discount_amount as {{ dbt.type_numeric() }}) as discount_local,
        cast(line_amount as {{ dbt.type_numeric() }}) as line_amount_local,
        cast(unit_cost as {{ dbt.type_numeric() }}) as unit_cost_local,

        -- timestamps
        {{ to_utc('updated_at') }} as updated_at,

        -- lineage
        _source_file as source_file

    from deduplicated

)

select * from renamed

-- Every department's daily measures in one long table. A department adds a measure by adding it
-- to its own int_<department>_measures_daily model; a KPI then names it in the catalogue.
with

sales as (

    select * from {{ ref('int_sales_measures_daily') }}

),

unioned as (

    select
        measure_id,
        date_day,
        region_code,
        cast(measure_value as {{ type_double() }}) as measure_value
    from sales

)

select * from unioned

-- Every department's daily measures in one long table. A department adds a measure by adding it
-- to its own int_<department>_measures_daily model; a KPI then names it in the catalogue.
with

sales as (

    select * from {{ ref('int_sales_measures_daily') }}

),

marketing as (

    select * from {{ ref('int_marketing_measures_daily') }}

),

operations as (

    select * from {{ ref('int_operations_measures_daily') }}

),

finance as (

    select * from {{ ref('int_finance_measures_daily') }}

),

customer_service as (

    select * from {{ ref('int_customer_service_measures_daily') }}

),

people as (

    select * from {{ ref('int_people_measures_daily') }}

),

unioned as (

    select
        measure_id,
        date_day,
        region_code,
        cast(measure_value as {{ type_double() }}) as measure_value
    from sales

    union all

    select
        measure_id,
        date_day,
        region_code,
        cast(measure_value as {{ type_double() }}) as measure_value
    from marketing

    union all

    select
        measure_id,
        date_day,
        region_code,
        cast(measure_value as {{ type_double() }}) as measure_value
    from operations

    union all

    select
        measure_id,
        date_day,
        region_code,
        cast(measure_value as {{ type_double() }}) as measure_value
    from finance

    union all

    select
        measure_id,
        date_day,
        region_code,
        cast(measure_value as {{ type_double() }}) as measure_value
    from customer_service

    union all

    select
        measure_id,
        date_day,
        region_code,
        cast(measure_value as {{ type_double() }}) as measure_value
    from people

)

select * from unioned

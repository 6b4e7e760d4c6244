-- The warehouses that ship online and B2B orders, conformed across the ERP and the HRIS.
with

warehouses as (

    select * from {{ ref('stg_erp__warehouses') }}

),

final as (

    select
        cast(warehouse_id as {{ dbt.type_string() }}) as warehouse_id,
        cast(warehouse_name as {{ dbt.type_string() }}) as warehouse_name,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(city as {{ dbt.type_string() }}) as city,
        cast(time_zone as {{ dbt.type_string() }}) as time_zone,
        cast(warehouse_id as {{ dbt.type_string() }}) as team_id,
        cast(opened_date as date) as opened_date

    from warehouses

)

select * from final

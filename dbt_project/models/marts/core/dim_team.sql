-- The HRIS org units (warehouses, customer-service teams, stores, B2B sales teams, head-office
-- functions) as teams, each linked to its department in the org-unit hierarchy.
with

org_units as (

    select * from {{ ref('stg_hris__org_units') }}

),

final as (

    select
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(team_name as {{ dbt.type_string() }}) as team_name,
        cast(department as {{ dbt.type_string() }}) as department,
        cast(department as {{ dbt.type_string() }}) as org_unit_id,
        cast(region_code as {{ dbt.type_string() }}) as region_code

    from org_units

)

select * from final

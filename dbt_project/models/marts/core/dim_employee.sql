-- Employees as of their latest monthly snapshot, without names or e-mail addresses: the employee
-- id is the only identifier.
with

employees as (

    select * from {{ ref('int_employees_collapsed_to_latest') }}

),

final as (

    select
        cast(employee_id as {{ dbt.type_string() }}) as employee_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(manager_id as {{ dbt.type_string() }}) as manager_id,
        cast(department as {{ dbt.type_string() }}) as department,
        cast(department as {{ dbt.type_string() }}) as org_unit_id,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(job_title as {{ dbt.type_string() }}) as job_title,
        cast(employment_type as {{ dbt.type_string() }}) as employment_type,
        cast(exit_reason as {{ dbt.type_string() }}) as exit_reason,
        cast(is_employed as boolean) as is_employed,
        cast(hire_date as date) as hire_date,
        cast(exit_date as date) as exit_date,
        cast(first_snapshot_date as date) as first_snapshot_date,
        cast(last_snapshot_date as date) as last_snapshot_date,
        cast(fte as {{ type_double() }}) as fte

    from employees

)

select * from final

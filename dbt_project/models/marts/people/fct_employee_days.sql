-- One row per employee and day employed: head count, hires and exits by day.
with

employee_days as (

    select * from {{ ref('int_employee_days_expanded') }}

),

final as (

    select
        -- keys
        cast({{ surrogate_key(['employee_id', 'date_day']) }} as {{ dbt.type_string() }}) as employee_day_id,
        cast(employee_id as {{ dbt.type_string() }}) as employee_id,
        cast(date_day as date) as date_day,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(department as {{ dbt.type_string() }}) as org_unit_id,
        cast(region_code as {{ dbt.type_string() }}) as region_code,

        -- dimensions
        cast(snapshot_date as date) as snapshot_date,
        cast(employment_type as {{ dbt.type_string() }}) as employment_type,
        cast(is_hire_day as boolean) as is_hire_day,
        cast(is_exit_day as boolean) as is_exit_day,

        -- measures
        cast(fte as {{ type_double() }}) as fte

    from employee_days

)

select * from final

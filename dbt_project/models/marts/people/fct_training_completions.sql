-- One row per completed training course, with the employee's team, department and region.
with

training_completions as (

    select * from {{ ref('int_training_completions_joined_to_employees') }}

),

final as (

    select
        -- keys
        cast(training_completion_id as {{ dbt.type_string() }}) as training_completion_id,
        cast(employee_id as {{ dbt.type_string() }}) as employee_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(department as {{ dbt.type_string() }}) as org_unit_id,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(completed_date as date) as completed_date,

        -- dimensions
        cast(course_id as {{ dbt.type_string() }}) as course_id,
        cast(course_name as {{ dbt.type_string() }}) as course_name,
        cast(course_category as {{ dbt.type_string() }}) as course_category,
        cast(department = 'customer_service' as boolean) as is_customer_service,
        cast(recorded_at as {{ dbt.type_timestamp() }}) as recorded_at,

        -- measures
        cast(training_hours as {{ type_double() }}) as training_hours

    from training_completions

)

select * from final

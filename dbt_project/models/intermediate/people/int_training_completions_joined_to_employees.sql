-- Course completions with the team, department and region of the employee: as on the completion
-- day, or as in the employee's latest snapshot when the day is outside the employment the
-- snapshots cover.
with

training_completions as (

    select * from {{ ref('stg_hris__training_completions') }}

),

employee_days as (

    select * from {{ ref('int_employee_days_expanded') }}

),

employees as (

    select * from {{ ref('int_employees_collapsed_to_latest') }}

),

joined as (

    select
        training_completions.training_completion_id,
        training_completions.employee_id,
        training_completions.course_id,
        training_completions.course_name,
        training_completions.course_category,
        coalesce(employee_days.team_id, employees.team_id) as team_id,
        coalesce(employee_days.department, employees.department) as department,
        coalesce(employee_days.region_code, employees.region_code) as region_code,
        training_completions.training_hours,
        training_completions.completed_date,
        training_completions.recorded_at

    from training_completions
    left join employee_days
        on
            training_completions.employee_id = employee_days.employee_id
            and training_completions.completed_date = employee_days.date_day
    left join employees on training_completions.employee_id = employees.employee_id

)

select * from joined

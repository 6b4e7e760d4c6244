-- One row per employee: the attributes of the latest monthly snapshot the employee appears in,
-- with the first and last snapshot days.
with

employees as (

    select * from {{ ref('stg_hris__employees') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by employee_id
            order by snapshot_date desc
        ) as snapshot_rank,
        min(snapshot_date) over (partition by employee_id) as first_snapshot_date,
        max(snapshot_date) over (partition by employee_id) as last_snapshot_date
    from employees

),

latest as (

    select
        employee_id,
        team_id,
        manager_id,
        department,
        region_code,
        job_title,
        employment_type,
        fte,
        hire_date,
        exit_date,
        exit_reason,
        exit_date is null as is_employed,
        first_snapshot_date,
        last_snapshot_date

    from ranked
    where snapshot_rank = 1

)

select * from latest

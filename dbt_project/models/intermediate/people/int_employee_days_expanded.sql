-- One row per employee and day employed. Each monthly snapshot covers the days of its month up
-- to its snapshot day (from the day after the previous snapshot when there are several in a
-- month); an employee counts on the days of that range from the hire date to the exit date (the
-- last working day), with the attributes of that snapshot.
with

employees as (

    select * from {{ ref('stg_hris__employees') }}

),

dates as (

    select * from {{ ref('dim_date') }}

),

snapshot_days as (

    select distinct snapshot_date
    from employees

),

snapshot_periods as (

    select
        snapshot_date,
        cast({{ dbt.date_trunc('month', 'snapshot_date') }} as date) as month_start_date,
        lag(snapshot_date) over (order by snapshot_date) as previous_snapshot_date

    from snapshot_days

),

coverage as (

    select
        snapshot_date,
        case
            when previous_snapshot_date >= month_start_date
                then cast({{ dbt.dateadd('day', 1, 'previous_snapshot_date') }} as date)
            else month_start_date
        end as covered_from_date

    from snapshot_periods

),

employment_ranges as (

    select
        employees.employee_id,
        employees.snapshot_date,
        employees.team_id,
        employees.department,
        employees.region_code,
        employees.employment_type,
        employees.fte,
        employees.hire_date,
        employees.exit_date,
        case
            when employees.hire_date > coverage.covered_from_date then employees.hire_date
            else coverage.covered_from_date
        end as employed_from_date,
        case
            when employees.exit_date < employees.snapshot_date then employees.exit_date
            else employees.snapshot_date
        end as employed_to_date

    from employees
    inner join coverage on employees.snapshot_date = coverage.snapshot_date

),

expanded as (

    select
        employment_ranges.employee_id,
        dates.date_day,
        employment_ranges.snapshot_date,
        employment_ranges.team_id,
        employment_ranges.department,
        employment_ranges.region_code,
        employment_ranges.employment_type,
        employment_ranges.fte,
        dates.date_day = employment_ranges.hire_date as is_hire_day,
        coalesce(dates.date_day = employment_ranges.exit_date, false) as is_exit_day

    from employment_ranges
    inner join dates
        on dates.date_day between employment_ranges.employed_from_date and employment_ranges.employed_to_date

)

select * from expanded

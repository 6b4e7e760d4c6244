-- The people department's daily measures in long form: one row per measure, day and region (the
-- region of the employee's org unit, or of the respondent for the engagement pulse). KPIs in the
-- catalogue name these measures as their numerator and denominator; every measure adds up over
-- days and regions.
with

employee_days as (

    select * from {{ ref('int_employee_days_expanded') }}

),

training_completions as (

    select * from {{ ref('int_training_completions_joined_to_employees') }}

),

engagement_responses as (

    select * from {{ ref('stg_hris__engagement_responses') }}

),

staffing as (

    select
        date_day,
        region_code,
        count(*) as employee_days,
        sum(case when is_hire_day then 1 else 0 end) as hires,
        sum(case when is_exit_day then 1 else 0 end) as exits,
        sum(case when department = 'customer_service' then 1 else 0 end) as cs_agent_days

    from employee_days
    group by date_day, region_code

),

training as (

    select
        completed_date as date_day,
        region_code,
        sum(training_hours) as training_hours,
        sum(case when department = 'customer_service' then training_hours else 0 end) as cs_training_hours

    from training_completions
    group by completed_date, region_code

),

engagement as (

    select
        responded_date as date_day,
        region_code,
        count(*) as engagement_responses,
        sum(engagement_score) as engagement_score_sum

    from engagement_responses
    group by responded_date, region_code

),

unpivoted as (

    select
        'employee_days' as measure_id,
        date_day,
        region_code,
        employee_days as measure_value
    from staffing

    union all

    select
        'hires' as measure_id,
        date_day,
        region_code,
        hires as measure_value
    from staffing

    union all

    select
        'exits' as measure_id,
        date_day,
        region_code,
        exits as measure_value
    from staffing

    union all

    select
        'cs_agent_days' as measure_id,
        date_day,
        region_code,
        cs_agent_days as measure_value
    from staffing

    union all

    select
        'training_hours' as measure_id,
        date_day,
        region_code,
        training_hours as measure_value
    from training

    union all

    select
        'cs_training_hours' as measure_id,
        date_day,
        region_code,
        cs_training_hours as measure_value
    from training

    union all

    select
        'engagement_responses' as measure_id,
        date_day,
        region_code,
        engagement_responses as measure_value
    from engagement

    union all

    select
        'engagement_score_sum' as measure_id,
        date_day,
        region_code,
        engagement_score_sum as measure_value
    from engagement

),

final as (

    select
        cast(measure_id as {{ dbt.type_string() }}) as measure_id,
        cast(date_day as date) as date_day,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(measure_value as {{ type_double() }}) as measure_value

    from unpivoted

)

select * from final

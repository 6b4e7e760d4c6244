-- The watched series by day, by ISO week (complete weeks only: a week still in progress would
-- look like a collapse), by four weeks (each complete week with the three before it, which shows
-- a lasting shift that single weeks are too noisy to prove) and by rolling week (the 7 days up to
-- each day, which tells a lasting move from a one-day blip and feeds the driver analysis). Week
-- values are formed from summed
-- numerators and denominators, like the KPI mart, never averaged from days.
with

daily as (

    select * from {{ ref('int_insight_series_daily') }}

),

dates as (

    select * from {{ ref('dim_date') }}

),

as_of as (

    select max(date_day) as as_of_date from daily

),

weekly as (

    select
        daily.series_id,
        daily.metric_id,
        daily.metric_kind,
        daily.kpi_id,
        daily.metric_name,
        daily.department,
        daily.org_unit_id,
        daily.region_code,
        daily.direction,
        daily.unit,
        daily.is_additive,
        daily.scale_factor,
        dates.week_start_date as period_start,
        sum(daily.numerator) as numerator,
        sum(daily.denominator) as denominator
    from daily
    inner join dates on daily.date_day = dates.date_day
    cross join as_of
    where {{ insight_day_number('dates.week_start_date') }} + 6
        <= {{ insight_day_number('as_of.as_of_date') }}
    group by
        daily.series_id,
        daily.metric_id,
        daily.metric_kind,
        daily.kpi_id,
        daily.metric_name,
        daily.department,
        daily.org_unit_id,
        daily.region_code,
        daily.direction,
        daily.unit,
        daily.is_additive,
        daily.scale_factor,
        dates.week_start_date

),

four_weeks as (

    select
        *,
        sum(numerator) over (
            partition by series_id order by period_start rows between 3 preceding and current row
        ) as four_week_numerator,
        sum(denominator) over (
            partition by series_id order by period_start rows between 3 preceding and current row
        ) as four_week_denominator,
        min(period_start) over (
            partition by series_id order by period_start rows between 3 preceding and current row
        ) as first_week_start
    from weekly

),

series_attributes as (

    select distinct
        series_id,
        metric_id,
        metric_kind,
        kpi_id,
        metric_name,
        department,
        org_unit_id,
        region_code,
        direction,
        unit,
        is_additive,
        scale_factor
    from daily

),

series_first_days as (

    select
        series_id,
        min(date_day) as first_day
    from daily
    group by series_id

),

dense_days as (

    -- every day from a series' first day, so a rolling week also ends on days without data
    select
        series_first_days.series_id,
        dates.date_day,
        daily.numerator,
        daily.denominator
    from series_first_days
    cross join as_of
    inner join dates on dates.date_day between series_first_days.first_day and as_of.as_of_date
    left join daily
        on
            series_first_days.series_id = daily.series_id
            and dates.date_day = daily.date_day

),

rolling as (

    select
        series_attributes.*,
        dense_days.date_day,
        {{ insight_day_number('dense_days.date_day') }} as day_number,
        sum(dense_days.numerator) over (
            partition by dense_days.series_id order by dense_days.date_day rows between 6 preceding and current row
        ) as rolling_numerator,
        sum(dense_days.denominator) over (
            partition by dense_days.series_id order by dense_days.date_day rows between 6 preceding and current row
        ) as rolling_denominator,
        row_number() over (partition by dense_days.series_id order by dense_days.date_day) as day_index
    from dense_days
    inner join series_attributes on dense_days.series_id = series_attributes.series_id

),

unioned as (

    select
        series_id,
        metric_id,
        metric_kind,
        kpi_id,
        metric_name,
        department,
        org_unit_id,
        region_code,
        direction,
        unit,
        is_additive,
        'day' as period_grain,
        date_day as period_start,
        date_day as period_end,
        day_number,
        numerator,
        denominator,
        metric_value
    from daily

    union all

    select
        series_id,
        metric_id,
        metric_kind,
        kpi_id,
        metric_name,
        department,
        org_unit_id,
        region_code,
        direction,
        unit,
        is_additive,
        'week' as period_grain,
        period_start,
        {{ dbt.dateadd('day', 6, 'period_start') }} as period_end,
        {{ insight_day_number('period_start') }} as day_number,
        numerator,
        denominator,
        {{ kpi_value('is_additive', 'numerator', 'denominator') }} as metric_value
    from weekly

    union all

    select
        series_id,
        metric_id,
        metric_kind,
        kpi_id,
        metric_name,
        department,
        org_unit_id,
        region_code,
        direction,
        unit,
        is_additive,
        'four_weeks' as period_grain,
        first_week_start as period_start,
        {{ dbt.dateadd('day', 6, 'four_weeks.period_start') }} as period_end,
        {{ insight_day_number('first_week_start') }} as day_number,
        four_week_numerator as numerator,
        four_week_denominator as denominator,
        {{ kpi_value('is_additive', 'four_week_numerator', 'four_week_denominator') }} as metric_value
    from four_weeks
    -- only four consecutive weeks
    where {{ insight_day_number('first_week_start') }} + 21
        = {{ insight_day_number('period_start') }}

    union all

    select
        series_id,
        metric_id,
        metric_kind,
        kpi_id,
        metric_name,
        department,
        org_unit_id,
        region_code,
        direction,
        unit,
        is_additive,
        'rolling_week' as period_grain,
        {{ dbt.dateadd('day', -6, 'date_day') }} as period_start,
        date_day as period_end,
        day_number,
        rolling_numerator as numerator,
        rolling_denominator as denominator,
        {{ kpi_value('is_additive', 'rolling_numerator', 'rolling_denominator') }} as metric_value
    from rolling
    -- only whole 7-day windows
    where day_index >= 7

)

select
    series_id,
    metric_id,
    metric_kind,
    kpi_id,
    metric_name,
    department,
    org_unit_id,
    region_code,
    direction,
    unit,
    is_additive,
    period_grain,
    cast(period_start as date) as period_start,
    cast(period_end as date) as period_end,
    day_number,
    numerator,
    denominator,
    metric_value
from unioned

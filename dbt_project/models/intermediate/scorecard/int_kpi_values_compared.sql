-- Each KPI's actual for every period, org unit and region beside its target (for the days covered
-- so far), its benchmark and whether its data is stale. Status and score are added in the mart.
with

actuals as (

    select * from {{ ref('int_kpi_actuals') }}

),

targets_daily as (

    select * from {{ ref('int_kpi_targets_daily') }}

),

periods as (

    select * from {{ ref('int_calendar_periods') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

benchmarks as (

    select * from {{ ref('kpi_benchmarks') }}

),

as_of as (

    -- The reporting date: the latest day any department has data for.
    select max(latest_data_date) as as_of_date from actuals

),

targets as (

    -- A period's target covers only the days up to the reporting date, so a month in progress is
    -- compared with its target to date.
    select
        targets_daily.kpi_id,
        periods.period_grain,
        periods.period_start,
        targets_daily.org_unit_id,
        targets_daily.region_code,
        case when max(targets_daily.aggregation) = 'sum' then sum(targets_daily.target_value)
            else avg(targets_daily.target_value)
        end as target_value,
        case when max(targets_daily.aggregation) = 'sum' then sum(targets_daily.target_low)
            else avg(targets_daily.target_low)
        end as target_low,
        case when max(targets_daily.aggregation) = 'sum' then sum(targets_daily.target_high)
            else avg(targets_daily.target_high)
        end as target_high,
        max(targets_daily.tolerance_pct) as tolerance_pct

    from targets_daily
    inner join periods on targets_daily.date_day = periods.date_day
    cross join as_of
    where targets_daily.date_day <= as_of.as_of_date
    group by
        targets_daily.kpi_id,
        periods.period_grain,
        periods.period_start,
        targets_daily.org_unit_id,
        targets_daily.region_code

),

valued as (

    select
        actuals.*,
        kpis.perspective,
        kpis.direction,
        as_of.as_of_date,
        actuals.period_end <= as_of.as_of_date as is_complete_period,
        {{ dbt.datediff('actuals.latest_data_date', 'least(actuals.period_end, as_of.as_of_date)', 'day') }}
        > {{ var('kpi_stale_after_days') }} as is_stale,
        case
            when kpis.aggregation = 'sum' then actuals.numerator * kpis.scale_factor
            when actuals.denominator = 0 then null
            else actuals.numerator * kpis.scale_factor / actuals.denominator
        end as actual_value,
        targets.target_value,
        targets.target_low,
        targets.target_high,
        targets.tolerance_pct,
        benchmarks.benchmark_value,
        benchmarks.benchmark_source

    from actuals
    inner join kpis on actuals.kpi_id = kpis.kpi_id
    cross join as_of
    left join targets
        on
            actuals.kpi_id = targets.kpi_id
            and actuals.period_grain = targets.period_grain
            and actuals.period_start = targets.period_start
            and actuals.org_unit_id = targets.org_unit_id
            and actuals.region_code = targets.region_code
    -- benchmarks are rates, so they compare with any period of a ratio KPI
    left join benchmarks
        on
            actuals.kpi_id = benchmarks.kpi_id
            and kpis.aggregation = 'ratio'
            and actuals.period_start between benchmarks.valid_from and benchmarks.valid_to

)

select * from valued

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

kpis_per_day as (

    select
        period_start as date_day,
        count(distinct kpi_id) as kpis_with_data
    from actuals
    where period_grain = 'day' and region_code = 'ALL' and numerator is not null
    group by period_start

),

as_of as (

    -- The reporting date: the latest day with data for at least three quarters as many KPIs as
    -- the best-covered day, so the few events of a last local evening that fall on the next UTC
    -- day (a time zone behind UTC) do not open a new period on their own.
    select max(kpis_per_day.date_day) as as_of_date
    from kpis_per_day
    where
        kpis_per_day.kpis_with_data * 4
        >= 3 * (select max(kpis_per_day_all.kpis_with_data) from kpis_per_day as kpis_per_day_all)

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
        {{ period_targets('targets_daily') }},
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
        {{ kpi_value("kpis.aggregation = 'sum'", 'actuals.numerator', 'actuals.denominator', 'kpis.scale_factor') }}
            as actual_value,
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
    -- a period that starts after the reporting date holds only stray late events
    where actuals.period_start <= as_of.as_of_date

)

select * from valued

-- Targets spread over days, so any period's target is an aggregate of days: additive KPIs
-- (aggregation = sum) split the monthly target evenly over the month's days; ratio KPIs keep
-- the monthly target on every day.
with

targets as (

    select * from {{ ref('kpi_targets') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

dates as (

    select * from {{ ref('dim_date') }}

),

month_lengths as (

    select
        month_start_date,
        count(*) as days_in_month
    from dates
    group by month_start_date

),

daily as (

    select
        targets.kpi_id,
        targets.org_unit_id,
        targets.region_code,
        dates.date_day,
        kpis.aggregation,
        case when kpis.aggregation = 'sum' then 1.0 / month_lengths.days_in_month else 1.0 end as day_share,
        targets.target_value,
        targets.target_low,
        targets.target_high,
        targets.tolerance_pct

    from targets
    inner join kpis on targets.kpi_id = kpis.kpi_id
    inner join dates on dates.date_day between targets.valid_from and targets.valid_to
    inner join month_lengths on dates.month_start_date = month_lengths.month_start_date

),

final as (

    select
        kpi_id,
        org_unit_id,
        region_code,
        date_day,
        aggregation,
        target_value * day_share as target_value,
        target_low * day_share as target_low,
        target_high * day_share as target_high,
        tolerance_pct

    from daily

)

select * from final

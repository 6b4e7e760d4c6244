-- Each KPI's numerator and denominator summed over every period and region (ALL is the total over
-- regions), for the org unit that owns the KPI. Ratios are formed only after summing, never
-- averaged; a ratio may take its numerator and denominator from different departments.
with

measures as (

    select * from {{ ref('int_measures_unioned') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

periods as (

    select * from {{ ref('int_calendar_periods') }}

),

kpi_days as (

    select
        kpis.kpi_id,
        measures.date_day,
        kpis.org_unit_id,
        measures.region_code,
        sum(case when measures.measure_id = kpis.numerator_measure then measures.measure_value end) as numerator,
        sum(case when measures.measure_id = kpis.denominator_measure then measures.measure_value end) as denominator

    from kpis
    inner join measures
        on measures.measure_id in (kpis.numerator_measure, kpis.denominator_measure)
    group by kpis.kpi_id, measures.date_day, kpis.org_unit_id, measures.region_code

),

with_total_region as (

    select
        kpi_id,
        date_day,
        org_unit_id,
        region_code,
        numerator,
        denominator
    from kpi_days
    where region_code is not null

    union all

    select
        kpi_id,
        date_day,
        org_unit_id,
        'ALL' as region_code,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from kpi_days
    group by kpi_id, date_day, org_unit_id

),

by_period as (

    select
        with_total_region.kpi_id,
        periods.period_grain,
        periods.period_start,
        periods.period_end,
        with_total_region.org_unit_id,
        with_total_region.region_code,
        sum(with_total_region.numerator) as numerator,
        sum(with_total_region.denominator) as denominator,
        min(with_total_region.date_day) as first_data_date,
        max(with_total_region.date_day) as latest_data_date

    from with_total_region
    inner join periods on with_total_region.date_day = periods.date_day
    group by
        with_total_region.kpi_id,
        periods.period_grain,
        periods.period_start,
        periods.period_end,
        with_total_region.org_unit_id,
        with_total_region.region_code

)

select * from by_period

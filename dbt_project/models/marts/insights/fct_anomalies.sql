-- Every rated day and complete week of every watched series (KPIs by owning org unit and region,
-- and marketing's funnel steps and channels) against its seasonal baseline: expected value,
-- robust z, severity, whether the move is good or bad news, and the three likely causes.
with

scores as (

    select * from {{ ref('int_insight_anomaly_scores') }}
    -- rolling weeks only serve the day ratings and the driver analysis
    where period_grain in ('day', 'week', 'four_weeks')

),

drivers as (

    select * from {{ ref('int_insight_anomaly_drivers') }}

),

final as (

    select
        {{ surrogate_key(['scores.series_id', 'scores.period_grain', 'scores.period_start']) }} as anomaly_id,
        scores.series_id,
        scores.metric_id,
        scores.metric_kind,
        scores.kpi_id,
        scores.metric_name,
        scores.department,
        scores.org_unit_id,
        scores.region_code,
        scores.direction,
        scores.unit,
        scores.period_grain,
        scores.period_start,
        scores.period_end,
        scores.numerator,
        scores.denominator,
        scores.metric_value,
        scores.baseline_periods,
        scores.is_seasonally_adjusted,
        scores.seasonal_factor,
        scores.is_log_scale,
        scores.expected_value,
        scores.robust_sd,
        scores.robust_z,
        scores.relative_deviation,
        scores.is_rated,
        scores.severity,
        scores.severity_rank,
        scores.impact,
        driver_1.cause_metric_id as driver_1_metric_id,
        driver_1.lag_days as driver_1_lag_days,
        driver_1.correlation as driver_1_correlation,
        driver_2.cause_metric_id as driver_2_metric_id,
        driver_2.lag_days as driver_2_lag_days,
        driver_2.correlation as driver_2_correlation,
        driver_3.cause_metric_id as driver_3_metric_id,
        driver_3.lag_days as driver_3_lag_days,
        driver_3.correlation as driver_3_correlation
    from scores
    left join drivers as driver_1
        on
            scores.series_id = driver_1.series_id
            and scores.period_grain = driver_1.period_grain
            and scores.period_start = driver_1.period_start
            and driver_1.driver_rank = 1
    left join drivers as driver_2
        on
            scores.series_id = driver_2.series_id
            and scores.period_grain = driver_2.period_grain
            and scores.period_start = driver_2.period_start
            and driver_2.driver_rank = 2
    left join drivers as driver_3
        on
            scores.series_id = driver_3.series_id
            and scores.period_grain = driver_3.period_grain
            and scores.period_start = driver_3.period_start
            and driver_3.driver_rank = 3

)

-- explicit types, so the contract holds on every warehouse
select
    anomaly_id,
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
    period_grain,
    period_start,
    period_end,
    cast(numerator as {{ type_double() }}) as numerator,
    cast(denominator as {{ type_double() }}) as denominator,
    cast(metric_value as {{ type_double() }}) as metric_value,
    cast(baseline_periods as {{ dbt.type_bigint() }}) as baseline_periods,
    is_seasonally_adjusted,
    cast(seasonal_factor as {{ type_double() }}) as seasonal_factor,
    is_log_scale,
    cast(expected_value as {{ type_double() }}) as expected_value,
    cast(robust_sd as {{ type_double() }}) as robust_sd,
    cast(robust_z as {{ type_double() }}) as robust_z,
    cast(relative_deviation as {{ type_double() }}) as relative_deviation,
    is_rated,
    severity,
    cast(severity_rank as {{ dbt.type_bigint() }}) as severity_rank,
    impact,
    driver_1_metric_id,
    cast(driver_1_lag_days as {{ dbt.type_bigint() }}) as driver_1_lag_days,
    cast(driver_1_correlation as {{ type_double() }}) as driver_1_correlation,
    driver_2_metric_id,
    cast(driver_2_lag_days as {{ dbt.type_bigint() }}) as driver_2_lag_days,
    cast(driver_2_correlation as {{ type_double() }}) as driver_2_correlation,
    driver_3_metric_id,
    cast(driver_3_lag_days as {{ dbt.type_bigint() }}) as driver_3_lag_days,
    cast(driver_3_correlation as {{ type_double() }}) as driver_3_correlation
from final

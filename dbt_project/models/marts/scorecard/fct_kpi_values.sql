-- The KPI fact mart: one row per KPI, period grain, period, org unit and region, with the actual,
-- the target for the days covered so far, the benchmark, the variance, a status and a 0–10 score.
with

compared as (

    select * from {{ ref('int_kpi_values_compared') }}

),

final as (

    select
        -- keys
        {{ surrogate_key(['kpi_id', 'period_grain', 'period_start', 'org_unit_id', 'region_code']) }}
            as kpi_value_id,
        kpi_id,
        period_grain,
        period_start,
        period_end,
        org_unit_id,
        region_code,

        -- dimensions
        perspective,
        direction,
        is_complete_period,
        is_stale,
        first_data_date,
        latest_data_date,
        as_of_date,
        benchmark_source,

        -- measures
        numerator,
        denominator,
        actual_value,
        target_value,
        target_low,
        target_high,
        tolerance_pct,
        benchmark_value,
        actual_value - target_value as variance_abs,
        case when target_value <> 0 then (actual_value - target_value) / abs(target_value) end as variance_pct,
        {{ kpi_status() }} as status,
        {{ kpi_score() }} as score

    from compared

)

select * from final

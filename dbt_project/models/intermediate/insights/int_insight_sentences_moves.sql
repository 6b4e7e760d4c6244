-- The insights about unusual moves, one sentence each: what moved, where and when, how far from
-- its usual level, how unusual, and the likely cause (see int_insight_anomaly_drivers).
with

anomalies as (

    select * from {{ ref('fct_anomalies') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

metric_names as (

    select distinct
        metric_id,
        metric_name,
        unit
    from anomalies

),

anomaly_insights as (

    select
        'anomaly' as insight_kind,
        anomalies.metric_id,
        anomalies.kpi_id,
        anomalies.metric_name,
        anomalies.org_unit_id,
        anomalies.region_code,
        anomalies.period_grain,
        anomalies.period_start,
        anomalies.period_end,
        anomalies.metric_value,
        anomalies.expected_value as reference_value,
        anomalies.relative_deviation as change_pct,
        anomalies.robust_z as score,
        anomalies.severity,
        anomalies.severity_rank,
        anomalies.driver_1_metric_id,
        anomalies.driver_2_metric_id,
        anomalies.driver_3_metric_id,
        anomalies.metric_name
        || case when anomalies.region_code = 'ALL' then ' across all regions' else ' in ' || regions.region_name end
        || case when anomalies.robust_z > 0 then ' rose ' else ' fell ' end
        || {{ insight_format_pct('anomalies.relative_deviation') }}
        || case when anomalies.robust_z > 0 then ' above' else ' below' end
        || ' its usual level '
        || case
            when anomalies.period_grain = 'week'
                then 'in the week of ' || {{ insight_format_date('anomalies.period_start') }}
            when anomalies.period_grain = 'four_weeks'
                then 'in the four weeks from ' || {{ insight_format_date('anomalies.period_start') }}
            else 'on ' || {{ insight_format_date('anomalies.period_start') }}
        end
        || ' (' || {{ insight_format_value('anomalies.metric_value', 'anomalies.unit') }}
        || ' against about ' || {{ insight_format_value('anomalies.expected_value', 'anomalies.unit') }}
        || '; ' || replace(anomalies.severity, '_', ' ') || ': '
        || {{ insight_format_number('abs(anomalies.robust_z)', 1) }} || ' robust SDs)'
        || case
            when anomalies.driver_1_metric_id is null then '; no likely cause among the tracked drivers.'
            else
                '; likely cause: ' || driver_1.metric_name
                || case
                    when anomalies.driver_1_lag_days = 0 then ' (moving at the same time'
                    else ' (' || cast(anomalies.driver_1_lag_days as {{ dbt.type_string() }}) || ' days earlier'
                end
                || ', correlation ' || {{ insight_format_number('anomalies.driver_1_correlation', 2) }} || ')'
                || coalesce(', then ' || driver_2.metric_name, '')
                || '.'
        end as sentence
    from anomalies
    inner join regions on anomalies.region_code = regions.region_code
    left join metric_names as driver_1 on anomalies.driver_1_metric_id = driver_1.metric_id
    left join metric_names as driver_2 on anomalies.driver_2_metric_id = driver_2.metric_id
    where anomalies.severity_rank >= 2

),

unioned as (

    select * from anomaly_insights

)

select * from unioned

-- The insights about where KPIs are heading (forecast calls of this month and quarter), clear
-- trends and large changes of the latest complete month, one sentence each.
with

forecasts as (

    select * from {{ ref('fct_kpi_forecasts') }}

),

changes as (

    select * from {{ ref('fct_kpi_changes') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

latest_month as (

    select max(period_start) as month_start
    from changes
    where period_grain = 'month' and is_complete_period

),

forecast_insights as (

    select
        'forecast' as insight_kind,
        forecasts.kpi_id as metric_id,
        forecasts.kpi_id,
        kpis.kpi_name as metric_name,
        forecasts.org_unit_id,
        forecasts.region_code,
        forecasts.period_grain,
        forecasts.period_start,
        forecasts.period_end,
        forecasts.forecast_value as metric_value,
        forecasts.target_value as reference_value,
        case
            when forecasts.target_value <> 0
                then (forecasts.forecast_value - forecasts.target_value) / abs(forecasts.target_value)
        end as change_pct,
        forecasts.probability_on_target as score,
        forecasts.forecast_call as severity,
        case forecasts.forecast_call when 'off_track' then 2 when 'at_risk' then 1 else 0 end as severity_rank,
        cast(null as {{ dbt.type_string() }}) as driver_1_metric_id,
        cast(null as {{ dbt.type_string() }}) as driver_2_metric_id,
        cast(null as {{ dbt.type_string() }}) as driver_3_metric_id,
        kpis.kpi_name
        || case when forecasts.days_remaining = 0 then ' ended this ' else ' is heading for ' end
        || case when forecasts.days_remaining = 0 then forecasts.period_grain || ' at ' else '' end
        || {{ insight_format_value('forecasts.forecast_value', 'kpis.unit') }}
        || case
            when forecasts.days_remaining = 0 then ''
            else
                ' by the end of the ' || forecasts.period_grain
                || ' (90% range ' || {{ insight_format_value('forecasts.forecast_low', 'kpis.unit') }}
                || ' to ' || {{ insight_format_value('forecasts.forecast_high', 'kpis.unit') }} || ')'
        end
        || ' against a target of '
        || case
            when forecasts.direction = 'target_band' and forecasts.target_low is not null
                then
                    {{ insight_format_value('forecasts.target_low', 'kpis.unit') }}
                    || ' to ' || {{ insight_format_value('forecasts.target_high', 'kpis.unit') }}
            else {{ insight_format_value('forecasts.target_value', 'kpis.unit') }}
        end
        || ': ' || replace(forecasts.forecast_call, '_', ' ')
        || ' (' || {{ insight_format_number('100 * forecasts.probability_on_target', 0) }}
        || '% chance of meeting it).' as sentence
    from forecasts
    inner join kpis on forecasts.kpi_id = kpis.kpi_id
    where forecasts.region_code = 'ALL' and forecasts.forecast_call <> 'no_target'

),

trend_insights as (

    select
        'trend' as insight_kind,
        changes.kpi_id as metric_id,
        changes.kpi_id,
        kpis.kpi_name as metric_name,
        changes.org_unit_id,
        changes.region_code,
        changes.period_grain,
        changes.period_start,
        changes.period_end,
        changes.actual_value as metric_value,
        cast(null as {{ type_double() }}) as reference_value,
        changes.trend_slope_pct as change_pct,
        changes.trend_r2 as score,
        changes.trend_impact as severity,
        case when changes.trend_impact = 'unfavourable' then 1 else 0 end as severity_rank,
        cast(null as {{ dbt.type_string() }}) as driver_1_metric_id,
        cast(null as {{ dbt.type_string() }}) as driver_2_metric_id,
        cast(null as {{ dbt.type_string() }}) as driver_3_metric_id,
        kpis.kpi_name || ' has been ' || changes.trend_direction || ' over the last '
        || cast(changes.trend_periods as {{ dbt.type_string() }}) || ' months, by about '
        || {{ insight_format_pct('changes.trend_slope_pct') }} || ' of its level a month (r² '
        || {{ insight_format_number('changes.trend_r2', 2) }} || '), '
        || case changes.trend_impact
            when 'favourable' then 'which is good news.'
            when 'unfavourable' then 'which needs attention.'
            else 'a change to watch.'
        end
            as sentence
    from changes
    inner join kpis on changes.kpi_id = kpis.kpi_id
    cross join latest_month
    where
        changes.period_grain = 'month'
        and changes.region_code = 'ALL'
        and changes.period_start = latest_month.month_start
        and changes.trend_direction in ('rising', 'falling')
        and changes.trend_periods >= 4

),

change_insights as (

    select
        'change' as insight_kind,
        changes.kpi_id as metric_id,
        changes.kpi_id,
        kpis.kpi_name as metric_name,
        changes.org_unit_id,
        changes.region_code,
        changes.period_grain,
        changes.period_start,
        changes.period_end,
        changes.actual_value as metric_value,
        changes.previous_value as reference_value,
        changes.change_pct,
        changes.year_over_year_pct as score,
        case
            when (changes.direction = 'higher_is_better' and changes.change_pct < 0)
                or (changes.direction = 'lower_is_better' and changes.change_pct > 0)
                then 'unfavourable'
            when changes.direction in ('higher_is_better', 'lower_is_better') then 'favourable'
            else 'neutral'
        end as severity,
        case
            when (changes.direction = 'higher_is_better' and changes.change_pct < 0)
                or (changes.direction = 'lower_is_better' and changes.change_pct > 0)
                then 1
            else 0
        end as severity_rank,
        cast(null as {{ dbt.type_string() }}) as driver_1_metric_id,
        cast(null as {{ dbt.type_string() }}) as driver_2_metric_id,
        cast(null as {{ dbt.type_string() }}) as driver_3_metric_id,
        kpis.kpi_name || case when changes.change_pct > 0 then ' rose ' else ' fell ' end
        || {{ insight_format_pct('changes.change_pct') }} || ' in '
        || {{ insight_format_month('changes.period_start') }} || ' on the month before, to '
        || {{ insight_format_value('changes.actual_value', 'kpis.unit') }}
        || coalesce(
            ' (' || case when changes.year_over_year_pct >= 0 then 'up ' else 'down ' end
            || {{ insight_format_pct('changes.year_over_year_pct') }} || ' on a year earlier)',
            ''
        ) || '.' as sentence
    from changes
    inner join kpis on changes.kpi_id = kpis.kpi_id
    cross join latest_month
    where
        changes.period_grain = 'month'
        and changes.region_code = 'ALL'
        and changes.period_start = latest_month.month_start
        and abs(changes.change_pct) >= 0.1

),

unioned as (

    select * from forecast_insights
    union all
    select * from trend_insights
    union all
    select * from change_insights

)

select * from unioned

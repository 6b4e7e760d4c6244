-- The insights about causes and marketing, one sentence each: strategy-map links checked against
-- the data and links proposed, experiment results, funnel steps that moved, and channel returns.
with

drivers as (

    select * from {{ ref('fct_kpi_drivers') }}

),

experiments as (

    select * from {{ ref('fct_experiment_results') }}

),

funnel as (

    select * from {{ ref('fct_funnel_steps') }}

),

roi as (

    select * from {{ ref('fct_channel_roi') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

channels as (

    select * from {{ ref('dim_channel') }}

),

anomalies as (

    select * from {{ ref('fct_anomalies') }}

),

metric_names as (

    select distinct
        metric_id,
        metric_name,
        unit
    from anomalies

),

changes as (

    select * from {{ ref('fct_kpi_changes') }}

),

latest_month as (

    select max(period_start) as month_start
    from changes
    where period_grain = 'month' and is_complete_period

),

driver_insights as (

    select
        case when drivers.is_in_strategy_map then 'strategy_link' else 'proposed_link' end as insight_kind,
        drivers.effect_metric_id as metric_id,
        drivers.effect_metric_id as kpi_id,
        effect_kpi.kpi_name as metric_name,
        effect_kpi.org_unit_id,
        drivers.region_code,
        cast(null as {{ dbt.type_string() }}) as period_grain,
        cast(null as date) as period_start,
        cast(null as date) as period_end,
        drivers.correlation as metric_value,
        cast(drivers.expected_sign as {{ type_double() }}) as reference_value,
        cast(null as {{ type_double() }}) as change_pct,
        drivers.p_value as score,
        coalesce(drivers.link_verdict, 'proposed') as severity,
        case when drivers.link_verdict = 'contradicted' then 1 else 0 end as severity_rank,
        drivers.cause_metric_id as driver_1_metric_id,
        cast(null as {{ dbt.type_string() }}) as driver_2_metric_id,
        cast(null as {{ dbt.type_string() }}) as driver_3_metric_id,
        case
            when drivers.is_in_strategy_map
                then
                    'The strategy map says ' || cause_kpi.kpi_name
                    || case when drivers.expected_sign > 0 then ' lifts ' else ' lowers ' end
                    || effect_kpi.kpi_name || ' after about '
                    || cast(drivers.expected_lag_days as {{ dbt.type_string() }}) || ' days: '
                    || case drivers.link_verdict
                        when 'confirmed' then 'the data confirms it'
                        when 'contradicted' then 'the data shows the opposite'
                        else 'the data shows no clear link yet'
                    end
                    || ' (strongest correlation ' || {{ insight_format_number('drivers.correlation', 2) }}
                    || ' at a lag of ' || cast(drivers.best_lag_days as {{ dbt.type_string() }}) || ' days).'
            else
                'Not on the strategy map: unexpected moves of ' || cause_kpi.kpi_name
                || ' (' || cause_kpi.department || ') are followed by '
                || case when drivers.correlation > 0 then 'moves the same way' else 'opposite moves' end
                || ' of ' || effect_kpi.kpi_name || ' (' || effect_kpi.department || ') '
                || cast(drivers.best_lag_days as {{ dbt.type_string() }}) || ' days later (correlation '
                || {{ insight_format_number('drivers.correlation', 2) }} || '); worth a look as a new link.'
        end as sentence
    from drivers
    inner join kpis as cause_kpi on drivers.cause_metric_id = cause_kpi.kpi_id
    inner join kpis as effect_kpi on drivers.effect_metric_id = effect_kpi.kpi_id
    where drivers.region_code = 'ALL' and (drivers.is_in_strategy_map or drivers.proposal_rank is not null)

),

experiment_insights as (

    select
        'experiment' as insight_kind,
        experiments.experiment_id as metric_id,
        cast(null as {{ dbt.type_string() }}) as kpi_id,
        experiments.experiment_name as metric_name,
        'marketing' as org_unit_id,
        'ALL' as region_code,
        cast(null as {{ dbt.type_string() }}) as period_grain,
        experiments.start_date as period_start,
        experiments.end_date as period_end,
        experiments.treatment_rate as metric_value,
        experiments.control_rate as reference_value,
        experiments.relative_lift as change_pct,
        experiments.p_value as score,
        experiments.verdict as severity,
        case
            when experiments.verdict = 'sample_ratio_mismatch' then 2
            when experiments.verdict in ('treatment_better', 'treatment_worse') then 1
            else 0
        end as severity_rank,
        cast(null as {{ dbt.type_string() }}) as driver_1_metric_id,
        cast(null as {{ dbt.type_string() }}) as driver_2_metric_id,
        cast(null as {{ dbt.type_string() }}) as driver_3_metric_id,
        'Experiment ' || experiments.experiment_id || ' (' || coalesce(experiments.experiment_name, 'unnamed') || ', '
        || replace(coalesce(experiments.funnel_step, 'unknown'), '_', ' ') || ' step): '
        || case
            when experiments.verdict = 'sample_ratio_mismatch'
                then
                    'the split of visitors between the variants is off (sample-ratio mismatch, p = '
                    || {{ insight_format_number('experiments.srm_p_value', 4) }}
                    || '), so its result cannot be trusted'
            when experiments.verdict = 'not_enough_data' then 'not enough sessions to judge yet'
            else
                'the ' || experiments.variant || ' converted '
                || {{ insight_format_pct('experiments.relative_lift') }}
                || case when experiments.relative_lift >= 0 then ' better' else ' worse' end
                || ' than control (95% interval '
                || {{ insight_format_number('100 * experiments.relative_lift_low', 1) }}
                || '% to ' || {{ insight_format_number('100 * experiments.relative_lift_high', 1) }} || '%, p = '
                || {{ insight_format_number('experiments.p_value', 3) }} || '): '
                || replace(experiments.verdict, '_', ' ')
        end || '.' as sentence
    from experiments

),

funnel_by_region as (

    select
        funnel.month_start,
        funnel.region_code,
        funnel.funnel_step,
        sum(funnel.sessions_reached) as sessions_reached,
        sum(funnel.sessions_at_previous_step) as sessions_at_previous_step
    from funnel
    where funnel.step_number > 1
    group by funnel.month_start, funnel.region_code, funnel.funnel_step

),

funnel_rates as (

    select
        *,
        cast(sessions_reached as {{ type_double() }}) / nullif(sessions_at_previous_step, 0) as step_rate,
        lag(cast(sessions_reached as {{ type_double() }}) / nullif(sessions_at_previous_step, 0)) over (
            partition by region_code, funnel_step order by month_start
        ) as previous_step_rate
    from funnel_by_region

),

funnel_insights as (

    select
        'funnel' as insight_kind,
        'funnel_' || funnel_rates.funnel_step as metric_id,
        cast(null as {{ dbt.type_string() }}) as kpi_id,
        metric_names.metric_name,
        'marketing' as org_unit_id,
        funnel_rates.region_code,
        'month' as period_grain,
        funnel_rates.month_start as period_start,
        cast({{ dbt.last_day('funnel_rates.month_start', 'month') }} as date) as period_end,
        funnel_rates.step_rate as metric_value,
        funnel_rates.previous_step_rate as reference_value,
        funnel_rates.step_rate - funnel_rates.previous_step_rate as change_pct,
        1 - funnel_rates.step_rate as score,
        case when funnel_rates.step_rate < funnel_rates.previous_step_rate then 'unfavourable' else 'favourable' end
            as severity,
        case when funnel_rates.step_rate < funnel_rates.previous_step_rate then 1 else 0 end as severity_rank,
        cast(null as {{ dbt.type_string() }}) as driver_1_metric_id,
        cast(null as {{ dbt.type_string() }}) as driver_2_metric_id,
        cast(null as {{ dbt.type_string() }}) as driver_3_metric_id,
        coalesce(metric_names.metric_name, funnel_rates.funnel_step)
        || ' in ' || regions.region_name || ': '
        || case when funnel_rates.step_rate < funnel_rates.previous_step_rate then 'down ' else 'up ' end
        || {{ insight_format_number('100 * abs(funnel_rates.step_rate - funnel_rates.previous_step_rate)', 1) }}
        || ' points in ' || {{ insight_format_month('funnel_rates.month_start') }}
        || ', to ' || {{ insight_format_number('100 * funnel_rates.step_rate', 1) }}
        || '%: ' || {{ insight_format_number('100 * (1 - funnel_rates.step_rate)', 1) }}
        || '% of sessions now drop off at this step.' as sentence
    from funnel_rates
    inner join regions on funnel_rates.region_code = regions.region_code
    left join metric_names on 'funnel_' || funnel_rates.funnel_step = metric_names.metric_id
    cross join latest_month
    where
        funnel_rates.month_start = latest_month.month_start
        and abs(funnel_rates.step_rate - funnel_rates.previous_step_rate) >= 0.05

),

roi_by_channel as (

    select
        roi.month_start,
        roi.channel_id,
        sum(roi.spend_usd) as spend_usd,
        sum(roi.attributed_revenue_usd) as attributed_revenue_usd
    from roi
    cross join latest_month
    where roi.month_start = latest_month.month_start
    group by roi.month_start, roi.channel_id

),

roi_insights as (

    select
        'channel_roi' as insight_kind,
        'roi_' || roi_by_channel.channel_id as metric_id,
        cast(null as {{ dbt.type_string() }}) as kpi_id,
        channels.channel_name as metric_name,
        'marketing' as org_unit_id,
        'ALL' as region_code,
        'month' as period_grain,
        roi_by_channel.month_start as period_start,
        cast({{ dbt.last_day('roi_by_channel.month_start', 'month') }} as date) as period_end,
        roi_by_channel.attributed_revenue_usd / roi_by_channel.spend_usd as metric_value,
        roi_by_channel.spend_usd as reference_value,
        (roi_by_channel.attributed_revenue_usd - roi_by_channel.spend_usd) / roi_by_channel.spend_usd as change_pct,
        roi_by_channel.attributed_revenue_usd / roi_by_channel.spend_usd as score,
        case
            when roi_by_channel.attributed_revenue_usd < roi_by_channel.spend_usd then 'unfavourable'
            else 'favourable'
        end
            as severity,
        case when roi_by_channel.attributed_revenue_usd < roi_by_channel.spend_usd then 1 else 0 end as severity_rank,
        cast(null as {{ dbt.type_string() }}) as driver_1_metric_id,
        cast(null as {{ dbt.type_string() }}) as driver_2_metric_id,
        cast(null as {{ dbt.type_string() }}) as driver_3_metric_id,
        coalesce(channels.channel_name, roi_by_channel.channel_id) || ' returned '
        || {{ insight_format_number('roi_by_channel.attributed_revenue_usd / roi_by_channel.spend_usd', 2) }}
        || ' USD of revenue per dollar spent in ' || {{ insight_format_month('roi_by_channel.month_start') }}
        || ' (' || {{ insight_format_number('roi_by_channel.spend_usd', 0) }} || ' USD spent, '
        || {{ insight_format_number('roi_by_channel.attributed_revenue_usd', 0) }} || ' USD of revenue).' as sentence
    from roi_by_channel
    left join channels on roi_by_channel.channel_id = channels.channel_id
    where roi_by_channel.spend_usd > 0

),

unioned as (

    select * from driver_insights
    union all
    select * from experiment_insights
    union all
    select * from funnel_insights
    union all
    select * from roi_insights

)

select * from unioned

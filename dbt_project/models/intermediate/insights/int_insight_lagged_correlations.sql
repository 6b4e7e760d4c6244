-- Lagged correlations between the surprises of two series: does an unexpected move of the cause
-- series precede one of the effect series by `lag_days`? Pairs are a KPI or a marketing
-- diagnostic series (cause) with a KPI or diagnostic of another department (effect), plus every
-- cause -> effect pair of the strategy map whatever the departments. The cause is taken in the
-- effect's region or in another region of the same region group, since teams and warehouses
-- serve neighbouring regions (the EMEA service team answers Europe North and South). Only the
-- last 365 days count, so the figures describe how the company works now.
{%- set lags = [0, 1, 2, 3, 5, 7, 10, 14, 21, 28] %}
with

signals as (

    select * from {{ ref('int_insight_driver_signals') }}

),

strategy_links as (

    select * from {{ ref('dim_strategy_link') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

recent as (

    -- only the columns used: this CTE is read three times, so it is materialized
    select
        signals.series_id,
        signals.metric_id,
        signals.metric_kind,
        signals.department,
        signals.region_code,
        signals.day_number,
        signals.surprise_7d
    from signals
    where signals.day_number > (select max(latest.day_number) - 365 from signals as latest)

),

series as (

    select distinct
        series_id,
        metric_id,
        metric_kind,
        department,
        region_code
    from recent

),

pairs as (

    select
        cause.series_id as cause_series_id,
        effect.series_id as effect_series_id,
        cause.metric_id as cause_metric_id,
        effect.metric_id as effect_metric_id,
        cause.region_code as cause_region_code,
        effect.region_code
    from series as cause
    inner join regions as cause_region on cause.region_code = cause_region.region_code
    inner join series as effect
        on cause.metric_id <> effect.metric_id
    inner join regions as effect_region on effect.region_code = effect_region.region_code
    left join strategy_links
        on
            cause.metric_id = strategy_links.cause_kpi_id
            and effect.metric_id = strategy_links.effect_kpi_id
    where
        (
            cause.region_code = effect.region_code
            or (
                cause_region.region_group = effect_region.region_group
                and not cause_region.is_total
                and not effect_region.is_total
                and cause.metric_kind = 'kpi'
            )
        )
        and effect.metric_kind <> 'channel_spend'
        and (
            cause.department <> effect.department
            or cause.metric_kind <> 'kpi'
            or strategy_links.cause_kpi_id is not null
        )
        -- a funnel step or channel does not drive the KPIs of other departments directly
        and not (cause.metric_kind <> 'kpi' and effect.department <> 'marketing' and effect.metric_id <> 'revenue')

),

lags as (

    {%- for lag in lags %}
        select {{ lag }} as lag_days{% if not loop.last %}
            union all{% endif %}
    {%- endfor %}

),

-- the cause's day as a column: a join condition that computes it would let the planner join
-- every day of every cause to every day of every effect first and match the pairs afterwards
effect_days as (

    select
        pairs.cause_series_id,
        pairs.cause_metric_id,
        pairs.effect_metric_id,
        pairs.cause_region_code,
        pairs.region_code,
        lags.lag_days,
        effect.day_number - lags.lag_days as cause_day_number,
        effect.surprise_7d as effect_surprise
    from pairs
    inner join recent as effect on pairs.effect_series_id = effect.series_id
    cross join lags

),

joined as (

    select
        effect_days.cause_metric_id,
        effect_days.effect_metric_id,
        effect_days.cause_region_code,
        effect_days.region_code,
        effect_days.lag_days,
        cause.surprise_7d as cause_surprise,
        effect_days.effect_surprise
    from effect_days
    inner join recent as cause
        on
            effect_days.cause_series_id = cause.series_id
            and effect_days.cause_day_number = cause.day_number

),

correlated as (

    select
        cause_metric_id,
        effect_metric_id,
        cause_region_code,
        region_code,
        lag_days,
        count(*) as days_compared,
        corr(cause_surprise, effect_surprise) as correlation
    from joined
    group by cause_metric_id, effect_metric_id, cause_region_code, region_code, lag_days

)

select
    cause_metric_id,
    effect_metric_id,
    cause_region_code,
    region_code,
    lag_days,
    days_compared,
    correlation,
    -- 7-day averages overlap, so only about one day in seven is independent
    floor(days_compared / 7.0) as independent_days,
    case
        when days_compared >= 56 and abs(correlation) < 1
            then
                {{ normal_two_sided_p(
                    '0.5 * ln((1 + correlation) / (1 - correlation)) * sqrt(floor(days_compared / 7.0) - 3)'
                ) }}
    end as p_value
from correlated
where days_compared >= 56 and correlation is not null

-- Likely causes of each notable move: series whose surprises have preceded this series' surprises
-- (a lagged correlation of at least 0.3 with p below 0.05, see int_insight_lagged_correlations)
-- and that did move, in the direction that explains it, one lag before. The bar is lower than for
-- confirming a strategy-map link because the cause must also have moved at the right time. The
-- score is correlation × the cause's surprise at that time × the direction of the move, so a
-- strong link whose cause stayed quiet explains nothing. The surprise is the cause's 7-day one for
-- days and weeks, and its four-week one for a four-week move, so a cause that faded slowly (training
-- that stopped) counts as much as one that jumped. The three best causes are kept.
{%- set max_p_value = 0.05 %}
{%- set min_correlation = 0.3 %}
with

scores as (

    select * from {{ ref('int_insight_anomaly_scores') }}

),

correlations as (

    select * from {{ ref('int_insight_lagged_correlations') }}

),

signals as (

    select * from {{ ref('int_insight_driver_signals') }}

),

evidence as (

    select
        metric_id,
        region_code,
        day_number as end_day_number,
        'short' as span,
        surprise_7d as surprise
    from signals

    union all

    select
        metric_id,
        region_code,
        day_number + 27 as end_day_number,
        'four_weeks' as span,
        least(10.0, greatest(-10.0, robust_z)) as surprise
    from scores
    where period_grain = 'four_weeks' and robust_z is not null

),

moves as (

    select
        series_id,
        metric_id,
        region_code,
        period_grain,
        period_start,
        -- a week is judged by its last day, when the 7-day surprise covers the whole week; four
        -- weeks by the last day of their last week
        day_number + case period_grain when 'week' then 6 when 'four_weeks' then 27 else 0 end
            as judged_day_number,
        case when robust_z > 0 then 1 else -1 end as move_sign,
        case when period_grain = 'four_weeks' then 'four_weeks' else 'short' end as span
    from scores
    where severity_rank >= 1 and period_grain in ('day', 'week', 'four_weeks')

),

candidates as (

    select
        moves.series_id,
        moves.period_grain,
        moves.period_start,
        correlations.cause_metric_id,
        correlations.cause_region_code,
        correlations.lag_days,
        correlations.correlation,
        cause.surprise as cause_surprise,
        correlations.correlation * cause.surprise * moves.move_sign as driver_score
    from moves
    inner join correlations
        on
            moves.metric_id = correlations.effect_metric_id
            and moves.region_code = correlations.region_code
    inner join evidence as cause
        on
            correlations.cause_metric_id = cause.metric_id
            and correlations.cause_region_code = cause.region_code
            and moves.span = cause.span
            and cause.end_day_number = moves.judged_day_number - correlations.lag_days
    where
        correlations.p_value < {{ max_p_value }}
        and abs(correlations.correlation) >= {{ min_correlation }}

),

best_lag as (

    select
        *,
        row_number() over (
            partition by series_id, period_grain, period_start, cause_metric_id
            order by driver_score desc, lag_days asc, cause_region_code asc
        ) as lag_rank
    from candidates
    where driver_score > 0

),

ranked as (

    select
        series_id,
        period_grain,
        period_start,
        cause_metric_id,
        cause_region_code,
        lag_days,
        correlation,
        cause_surprise,
        driver_score,
        row_number() over (
            partition by series_id, period_grain, period_start order by driver_score desc, cause_metric_id asc
        ) as driver_rank
    from best_lag
    where lag_rank = 1

)

select * from ranked
where driver_rank <= 3

-- Which periods are rated, and how severe their moves are. A period is rated (is_rated) only when
-- it can be judged fairly: an outcome series (not ad spend, which is a plan, not an outcome;
-- sessions by channel only by week, as campaigns switch them on and off by the day), a baseline
-- level that is not zero (rare-event series such as exits are all zeros most days), for ratios at
-- least 20 cases in the period. A day reaches the alert level only when the rolling week up to it
-- moved the same way by at least 2 robust SDs, and four weeks only when their last week did: a
-- one-day blip stays at most notable, and one odd week raises one four-week alert, not four.
{%- set min_rolling_z = 2.0 %}
-- rolling and weeks read the model itself, not the scored CTE: a CTE used several times is
-- materialized, and the wide baselines would be copied whole
with

scored as (

    select * from {{ ref('int_insight_anomaly_baselines') }}

),

rolling as (

    select
        series_id,
        day_number,
        robust_z
    from {{ ref('int_insight_anomaly_baselines') }}
    where period_grain = 'rolling_week'

),

weeks as (

    select
        series_id,
        day_number,
        robust_z
    from {{ ref('int_insight_anomaly_baselines') }}
    where period_grain = 'week'

),

rated as (

    select
        scored.*,
        scored.is_rateable as is_rated,
        coalesce(
            case scored.period_grain
                when 'day'
                    then rolling.robust_z * scored.robust_z > 0 and abs(rolling.robust_z) >= {{ min_rolling_z }}
                when 'four_weeks'
                    then last_week.robust_z * scored.robust_z > 0 and abs(last_week.robust_z) >= {{ min_rolling_z }}
                else true
            end,
            false
        ) as is_lasting
    from scored
    -- the grain test sits inside the join key: a condition on one side only would turn the join
    -- into a nested loop over all pairs
    left join rolling
        on
            scored.series_id = rolling.series_id
            and case when scored.period_grain = 'day' then scored.day_number end = rolling.day_number
    left join weeks as last_week
        on
            scored.series_id = last_week.series_id
            and case when scored.period_grain = 'four_weeks' then scored.day_number + 21 end = last_week.day_number

),

with_rated_z as (

    select
        *,
        case when is_rated then robust_z end as rated_z
    from rated

),

severities as (

    select
        *,
        case
            when not is_lasting and {{ anomaly_severity_rank('rated_z') }} > 1 then 'notable'
            else {{ anomaly_severity('rated_z') }}
        end as severity,
        case
            when not is_lasting then least(coalesce({{ anomaly_severity_rank('rated_z') }}, 0), 1)
            else coalesce({{ anomaly_severity_rank('rated_z') }}, 0)
        end as severity_rank
    from with_rated_z

)

select
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
    day_number,
    numerator,
    denominator,
    metric_value,
    baseline_periods,
    baseline_median,
    baseline_mad,
    is_seasonally_adjusted,
    seasonal_factor,
    expected_value,
    is_log_scale,
    robust_sd,
    robust_z,
    relative_deviation,
    is_rated,
    is_lasting,
    severity,
    severity_rank,
    case
        when robust_z is null or robust_z = 0 then 'neutral'
        when direction = 'higher_is_better' and robust_z > 0 then 'favourable'
        when direction = 'lower_is_better' and robust_z < 0 then 'favourable'
        when direction in ('higher_is_better', 'lower_is_better') then 'unfavourable'
        else 'neutral'
    end as impact
from severities

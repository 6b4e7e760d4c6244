-- How unusual each day and each complete week of every watched series is. The baseline of a
-- period is its own history only, never the period itself: the same weekday over the 12 weeks
-- before (days) or the 12 weeks before (weeks). Level and spread are robust (median, and 1.4826 ×
-- the median absolute deviation), so past spikes do not hide new ones. Positive series are
-- compared on a log scale, where a fall to half and a rise to double are equally unusual and the
-- long right tails of times and rates shrink. When last year is there, the baseline is scaled by
-- how the same time of last year compared with its own 12 weeks before (Black Friday, Christmas,
-- summer). Ratios measured on fewer cases than usual get a wider spread.
--
-- A rolling week (the 7 days up to a day) is scored like a week and keyed by its last day; its
-- baseline is the same 7-day windows 1 to 12 weeks before. Four weeks are compared with the 12
-- four-week windows that end 1 to 12 weeks before they start, so none overlaps the tested one.
--
-- is_rateable marks the periods whose series and case count allow a fair judgement; the rating
-- itself is in int_insight_anomaly_scores.
{%- set baseline_periods = 12 %}
{%- set min_baseline_periods = 6 %}
{%- set min_rated_cases = 20 %}
with

series as (

    select
        *,
        case when metric_value > 0 then ln(metric_value) end as log_value
    from {{ ref('int_insight_series_periods') }}
    where metric_value is not null

),

-- only the columns the history joins need, read straight from the model: a CTE used several times
-- is materialized, and the wide series would be copied whole
history as (

    select
        series_id,
        period_grain,
        day_number,
        metric_value,
        case when metric_value > 0 then ln(metric_value) end as log_value,
        denominator
    from {{ ref('int_insight_series_periods') }}
    where metric_value is not null

),

offsets as (

    {{ insight_integers(1, baseline_periods) }}

),

-- the day each baseline value comes from, as a column: a join condition that computes it would
-- let the planner join every pair of days of a series first and filter afterwards
baseline_days as (

    select
        history.series_id,
        history.period_grain,
        history.day_number,
        history.day_number
        - 7 * (offsets.n + case when history.period_grain = 'four_weeks' then 3 else 0 end) as baseline_day_number
    from history
    cross join offsets

),

baseline_history as (

    select
        baseline_days.series_id,
        baseline_days.period_grain,
        baseline_days.day_number,
        history.metric_value as baseline_value,
        history.log_value as baseline_log_value,
        history.denominator as baseline_denominator
    from baseline_days
    inner join history
        on
            baseline_days.series_id = history.series_id
            and baseline_days.period_grain = history.period_grain
            and baseline_days.baseline_day_number = history.day_number

),

baseline as (

    select
        series_id,
        period_grain,
        day_number,
        count(*) as baseline_periods,
        -- the log scale is used only when every value of the baseline is positive
        count(baseline_log_value) = count(*) as is_positive,
        percentile_cont(0.5) within group (order by baseline_value) as baseline_median,
        percentile_cont(0.5) within group (order by baseline_log_value) as baseline_log_median,
        percentile_cont(0.5) within group (order by baseline_denominator) as baseline_denominator
    from baseline_history
    group by series_id, period_grain, day_number

),

deviations as (

    select
        baseline_history.series_id,
        baseline_history.period_grain,
        baseline_history.day_number,
        abs(baseline_history.baseline_value - baseline.baseline_median) as absolute_deviation,
        abs(baseline_history.baseline_log_value - baseline.baseline_log_median) as log_absolute_deviation
    from baseline_history
    inner join baseline
        on
            baseline_history.series_id = baseline.series_id
            and baseline_history.period_grain = baseline.period_grain
            and baseline_history.day_number = baseline.day_number

),

spread as (

    select
        series_id,
        period_grain,
        day_number,
        percentile_cont(0.5) within group (order by absolute_deviation) as baseline_mad,
        avg(absolute_deviation) as baseline_mean_abs_deviation,
        percentile_cont(0.5) within group (order by log_absolute_deviation) as baseline_log_mad,
        avg(log_absolute_deviation) as baseline_log_mean_abs_deviation
    from deviations
    group by series_id, period_grain, day_number

),

last_year_offsets as (

    select -7 as n
    union all
    select 0 as n
    union all
    select 7 as n

),

last_year_days as (

    -- the same weekday (or week) 52 weeks earlier and the ones either side
    select
        history.series_id,
        history.period_grain,
        history.day_number,
        history.day_number - 364 + last_year_offsets.n as last_year_day_number
    from history
    cross join last_year_offsets

),

last_year_level as (

    select
        last_year_days.series_id,
        last_year_days.period_grain,
        last_year_days.day_number,
        percentile_cont(0.5) within group (order by history.metric_value) as last_year_level
    from last_year_days
    inner join history
        on
            last_year_days.series_id = history.series_id
            and last_year_days.period_grain = history.period_grain
            and last_year_days.last_year_day_number = history.day_number
    group by last_year_days.series_id, last_year_days.period_grain, last_year_days.day_number
    having count(*) >= 2

),

seasonal as (

    select
        last_year_level.series_id,
        last_year_level.period_grain,
        last_year_level.day_number,
        -- clamped so one odd week last year cannot distort the baseline wildly
        least(2.0, greatest(0.5, last_year_level.last_year_level / last_year_baseline.baseline_median))
            as seasonal_factor
    from last_year_level
    inner join baseline as last_year_baseline
        on
            last_year_level.series_id = last_year_baseline.series_id
            and last_year_level.period_grain = last_year_baseline.period_grain
            and last_year_baseline.day_number = last_year_level.day_number - 364
    where
        last_year_baseline.baseline_periods >= {{ min_baseline_periods }}
        and last_year_baseline.baseline_median > 0
        and last_year_level.last_year_level > 0

),

expected as (

    select
        series.*,
        baseline.baseline_periods,
        baseline.baseline_median,
        spread.baseline_mad,
        seasonal.seasonal_factor is not null as is_seasonally_adjusted,
        coalesce(seasonal.seasonal_factor, 1.0) as seasonal_factor,
        baseline.is_positive and series.log_value is not null as is_log_scale,
        case
            when baseline.is_positive and series.log_value is not null
                then exp(baseline.baseline_log_median) * coalesce(seasonal.seasonal_factor, 1.0)
            else baseline.baseline_median * coalesce(seasonal.seasonal_factor, 1.0)
        end as expected_value,
        -- spread on the scale used: log units, or the series' own units scaled by the season
        case
            when baseline.is_positive and series.log_value is not null
                then
                    case
                        when spread.baseline_log_mad > 0 then 1.4826 * spread.baseline_log_mad
                        -- more than half the baseline equal: the mean absolute deviation instead
                        else 1.2533 * spread.baseline_log_mean_abs_deviation
                    end
            else
                coalesce(seasonal.seasonal_factor, 1.0)
                * case
                    when spread.baseline_mad > 0 then 1.4826 * spread.baseline_mad
                    else 1.2533 * spread.baseline_mean_abs_deviation
                end
        end
        -- a ratio over fewer cases than usual varies more (variance goes with 1 / cases)
        * case
            when
                not series.is_additive and series.denominator > 0
                and baseline.baseline_denominator > series.denominator
                then sqrt(baseline.baseline_denominator / series.denominator)
            else 1.0
        end as baseline_spread
    from series
    inner join baseline
        on
            series.series_id = baseline.series_id
            and series.period_grain = baseline.period_grain
            and series.day_number = baseline.day_number
    inner join spread
        on
            series.series_id = spread.series_id
            and series.period_grain = spread.period_grain
            and series.day_number = spread.day_number
    left join seasonal
        on
            series.series_id = seasonal.series_id
            and series.period_grain = seasonal.period_grain
            and series.day_number = seasonal.day_number
    where baseline.baseline_periods >= {{ min_baseline_periods }}

),

floored as (

    select
        *,
        greatest(
            baseline_spread,
            -- a share cannot be known better than its sampling error (on the log scale: relative)
            case
                when unit = '%' and denominator > 0 and expected_value > 0 and expected_value < 1
                    then
                        sqrt(expected_value * (1 - expected_value) / denominator)
                        / case when is_log_scale then expected_value else 1.0 end
                else 0
            end,
            -- and no series is steadier than 2% of its level
            case when is_log_scale then 0.02 else 0.02 * abs(expected_value) end
        ) as robust_sd
    from expected

),

scored as (

    select
        *,
        case
            when robust_sd > 0 and is_log_scale then (log_value - ln(expected_value)) / robust_sd
            when robust_sd > 0 then (metric_value - expected_value) / robust_sd
        end as robust_z,
        case when expected_value <> 0 then metric_value / expected_value - 1 end as relative_deviation,
        metric_kind <> 'channel_spend'
        and not (metric_kind = 'channel_sessions' and period_grain = 'day')
        and baseline_median <> 0
        and (is_additive or denominator >= {{ min_rated_cases }}) as is_rateable
    from floored

)

select * from scored

-- Where each KPI will land at the end of the current month and quarter, and whether that meets
-- the target. The rest of the period is projected at the daily run rate of the last 28 days
-- (four of each weekday) for the numerator and the denominator alike, so a ratio is forecast as a
-- ratio of sums. The 90% interval comes from the spread of the daily values in those 28 days:
-- a sum over n remaining days varies with √n, an average over them with 1/√n. The call weighs the
-- interval against the target in the KPI's direction: the probability of meeting it (normal
-- approximation) is at least 70% on track, below 30% off track, else at risk.
{%- set run_rate_days = 28 %}
{%- set z_90 = 1.6449 %}
with

kpi_values as (

    select * from {{ ref('fct_kpi_values') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

targets_daily as (

    select * from {{ ref('int_kpi_targets_daily') }}

),

periods as (

    select * from {{ ref('int_calendar_periods') }}

),

as_of as (

    select
        max(as_of_date) as as_of_date,
        {{ insight_day_number('max(as_of_date)') }} as as_of_day_number
    from kpi_values

),

current_periods as (

    -- the month and the quarter the reporting date falls in
    select
        periods.period_grain,
        min(periods.period_start) as period_start,
        max(periods.period_end) as period_end
    from periods
    cross join as_of
    where periods.period_grain in ('month', 'quarter') and periods.date_day = as_of.as_of_date
    group by periods.period_grain

),

to_date as (

    -- the days of the period up to the reporting date (a stray event of the next UTC day is left
    -- to the projection, as the period's own row in the KPI mart would count it twice)
    select
        kpi_values.kpi_id,
        kpi_values.org_unit_id,
        kpi_values.region_code,
        max(kpi_values.direction) as direction,
        current_periods.period_grain,
        current_periods.period_start,
        current_periods.period_end,
        {{ insight_day_number('current_periods.period_start') }}
            as start_day_number,
        {{ insight_day_number('current_periods.period_end') }}
            as end_day_number,
        sum(kpi_values.numerator) as numerator,
        sum(kpi_values.denominator) as denominator
    from kpi_values
    cross join as_of
    inner join current_periods
        on kpi_values.period_start between current_periods.period_start and as_of.as_of_date
    where kpi_values.period_grain = 'day'
    group by
        kpi_values.kpi_id,
        kpi_values.org_unit_id,
        kpi_values.region_code,
        current_periods.period_grain,
        current_periods.period_start,
        current_periods.period_end

),

recent_days as (

    select
        kpi_values.kpi_id,
        kpi_values.org_unit_id,
        kpi_values.region_code,
        sum(kpi_values.numerator) / {{ run_rate_days }}.0 as numerator_per_day,
        sum(kpi_values.denominator) / {{ run_rate_days }}.0 as denominator_per_day,
        -- days without data count as zero for sums; ratios use the days that have a value
        sqrt(
            (
                sum(kpi_values.numerator * kpi_values.numerator)
                - sum(kpi_values.numerator) * sum(kpi_values.numerator) / {{ run_rate_days }}.0
            )
            / ({{ run_rate_days }} - 1)
        ) as numerator_daily_sd,
        stddev_samp(kpi_values.actual_value) as value_daily_sd
    from kpi_values
    cross join as_of
    where
        kpi_values.period_grain = 'day'
        and {{ insight_day_number('kpi_values.period_start') }}
        > {{ insight_day_number('as_of.as_of_date') }} - {{ run_rate_days }}
    group by kpi_values.kpi_id, kpi_values.org_unit_id, kpi_values.region_code

),

full_targets as (

    select
        targets_daily.kpi_id,
        targets_daily.org_unit_id,
        targets_daily.region_code,
        current_periods.period_grain,
        {{ period_targets('targets_daily') }}
    from targets_daily
    inner join current_periods
        on targets_daily.date_day between current_periods.period_start and current_periods.period_end
    group by targets_daily.kpi_id, targets_daily.org_unit_id, targets_daily.region_code, current_periods.period_grain

),

projected as (

    select
        to_date.*,
        kpis.aggregation,
        kpis.scale_factor,
        as_of.as_of_date,
        as_of.as_of_day_number - to_date.start_day_number + 1 as days_elapsed,
        to_date.end_day_number - to_date.start_day_number + 1 as days_in_period,
        to_date.end_day_number - as_of.as_of_day_number as days_remaining,
        recent_days.numerator_per_day,
        recent_days.denominator_per_day,
        recent_days.numerator_daily_sd,
        recent_days.value_daily_sd,
        full_targets.target_value,
        full_targets.target_low,
        full_targets.target_high
    from to_date
    inner join kpis on to_date.kpi_id = kpis.kpi_id
    cross join as_of
    left join recent_days
        on
            to_date.kpi_id = recent_days.kpi_id
            and to_date.org_unit_id = recent_days.org_unit_id
            and to_date.region_code = recent_days.region_code
    left join full_targets
        on
            to_date.kpi_id = full_targets.kpi_id
            and to_date.org_unit_id = full_targets.org_unit_id
            and to_date.region_code = full_targets.region_code
            and to_date.period_grain = full_targets.period_grain

),

forecast as (

    select
        *,
        coalesce(numerator, 0) + coalesce(numerator_per_day, 0) * days_remaining as forecast_numerator,
        coalesce(denominator, 0) + coalesce(denominator_per_day, 0) * days_remaining as forecast_denominator
    from projected

),

valued as (

    select
        *,
        {{ kpi_value("aggregation = 'sum'", 'forecast_numerator', 'forecast_denominator') }} as forecast_value,
        case
            when days_remaining = 0 then 0.0
            when aggregation = 'sum' then numerator_daily_sd * sqrt(days_remaining) * scale_factor
            when forecast_denominator > 0
                -- the known share of the period is fixed; the rest is an average over the days left
                then
                    (coalesce(denominator_per_day, 0) * days_remaining / forecast_denominator)
                    * value_daily_sd / sqrt(days_remaining)
        end as forecast_sd
    from forecast

),

called as (

    select
        *,
        case
            when target_value is null or forecast_value is null then null
            when direction = 'target_band' and target_low is not null and target_high is not null
                then
                    case
                        when forecast_sd > 0
                            then
                                {{ normal_cdf('(target_high - forecast_value) / forecast_sd') }}
                                - {{ normal_cdf('(target_low - forecast_value) / forecast_sd') }}
                        when forecast_value between target_low and target_high then 1.0
                        else 0.0
                    end
            when direction = 'lower_is_better'
                then
                    case
                        when forecast_sd > 0 then {{ normal_cdf('(target_value - forecast_value) / forecast_sd') }}
                        when forecast_value <= target_value then 1.0
                        else 0.0
                    end
            else
                case
                    when forecast_sd > 0 then {{ normal_cdf('(forecast_value - target_value) / forecast_sd') }}
                    when forecast_value >= target_value then 1.0
                    else 0.0
                end
        end as probability_on_target
    from valued

),

final as (

    select
        {{ surrogate_key(['kpi_id', 'period_grain', 'period_start', 'org_unit_id', 'region_code']) }}
            as kpi_forecast_id,
        kpi_id,
        period_grain,
        period_start,
        period_end,
        org_unit_id,
        region_code,
        direction,
        as_of_date,
        days_elapsed,
        days_in_period,
        days_remaining,
        case
            when aggregation = 'sum' then numerator * scale_factor
            when denominator > 0 then numerator * scale_factor / denominator
        end as actual_to_date,
        forecast_value,
        forecast_value - {{ z_90 }} * forecast_sd as forecast_low,
        forecast_value + {{ z_90 }} * forecast_sd as forecast_high,
        forecast_sd,
        target_value,
        target_low,
        target_high,
        probability_on_target,
        case
            when probability_on_target is null then 'no_target'
            when probability_on_target >= 0.7 then 'on_track'
            when probability_on_target >= 0.3 then 'at_risk'
            else 'off_track'
        end as forecast_call
    from called

)

-- explicit types, so the contract holds on every warehouse
select
    kpi_forecast_id,
    kpi_id,
    period_grain,
    period_start,
    period_end,
    org_unit_id,
    region_code,
    direction,
    as_of_date,
    cast(days_elapsed as {{ dbt.type_bigint() }}) as days_elapsed,
    cast(days_in_period as {{ dbt.type_bigint() }}) as days_in_period,
    cast(days_remaining as {{ dbt.type_bigint() }}) as days_remaining,
    cast(actual_to_date as {{ type_double() }}) as actual_to_date,
    cast(forecast_value as {{ type_double() }}) as forecast_value,
    cast(forecast_low as {{ type_double() }}) as forecast_low,
    cast(forecast_high as {{ type_double() }}) as forecast_high,
    cast(forecast_sd as {{ type_double() }}) as forecast_sd,
    cast(target_value as {{ type_double() }}) as target_value,
    cast(target_low as {{ type_double() }}) as target_low,
    cast(target_high as {{ type_double() }}) as target_high,
    cast(probability_on_target as {{ type_double() }}) as probability_on_target,
    forecast_call
from final

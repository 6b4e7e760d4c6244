-- How each KPI moved: change on the period before and on the same period a year earlier, and the
-- trend over the last eight periods (least-squares slope per period and its r²), for every grain,
-- owning org unit and region of the KPI mart. Days and weeks compare with 52 weeks earlier (same
-- weekday), months and quarters with the same calendar period a year earlier.
{%- set trend_periods = 8 %}
with

kpi_values as (

    select * from {{ ref('fct_kpi_values') }}

),

indexed as (

    select
        kpi_id,
        period_grain,
        period_start,
        period_end,
        org_unit_id,
        region_code,
        direction,
        is_complete_period,
        actual_value,
        {{ insight_day_number('period_start') }} as day_number,
        -- year and month numbers make "a year earlier" exact for months and quarters
        cast(extract(year from period_start) * 12 + extract(month from period_start) as {{ dbt.type_int() }})
            as month_number,
        row_number() over (
            partition by kpi_id, period_grain, org_unit_id, region_code order by period_start
        ) as period_index
    from kpi_values

),

numbered as (

    -- the number that "a year earlier" is counted on: days for days and weeks (52 weeks, same
    -- weekday), months for months and quarters; other grains have none
    select
        *,
        case
            when period_grain in ('day', 'week') then day_number
            when period_grain in ('month', 'quarter') then month_number
        end as period_number,
        case when period_grain in ('day', 'week') then 364 else 12 end as periods_per_year
    from indexed

),

with_previous as (

    select
        *,
        lag(actual_value) over (
            partition by kpi_id, period_grain, org_unit_id, region_code order by period_start
        ) as previous_value,
        lag(period_start) over (
            partition by kpi_id, period_grain, org_unit_id, region_code order by period_start
        ) as previous_period_start,
        regr_slope(actual_value, period_index) over (
            partition by kpi_id, period_grain, org_unit_id, region_code
            order by period_start rows between {{ trend_periods - 1 }} preceding and current row
        ) as trend_slope,
        regr_r2(actual_value, period_index) over (
            partition by kpi_id, period_grain, org_unit_id, region_code
            order by period_start rows between {{ trend_periods - 1 }} preceding and current row
        ) as trend_r2,
        avg(actual_value) over (
            partition by kpi_id, period_grain, org_unit_id, region_code
            order by period_start rows between {{ trend_periods - 1 }} preceding and current row
        ) as trend_mean,
        regr_count(actual_value, period_index) over (
            partition by kpi_id, period_grain, org_unit_id, region_code
            order by period_start rows between {{ trend_periods - 1 }} preceding and current row
        ) as trend_periods

    from numbered

),

with_last_year as (

    select
        with_previous.*,
        last_year.actual_value as last_year_value,
        last_year.period_start as last_year_period_start
    from with_previous
    left join numbered as last_year
        on
            with_previous.kpi_id = last_year.kpi_id
            and with_previous.period_grain = last_year.period_grain
            and with_previous.org_unit_id = last_year.org_unit_id
            and with_previous.region_code = last_year.region_code
            -- one equality (not an "or" of two), so the join is a hash join, not a loop over all pairs
            and last_year.period_number = with_previous.period_number - with_previous.periods_per_year

),

final as (

    select
        {{ surrogate_key(['kpi_id', 'period_grain', 'period_start', 'org_unit_id', 'region_code']) }}
            as kpi_change_id,
        kpi_id,
        period_grain,
        period_start,
        period_end,
        org_unit_id,
        region_code,
        direction,
        is_complete_period,
        actual_value,
        previous_period_start,
        previous_value,
        actual_value - previous_value as change_abs,
        case when previous_value <> 0 then (actual_value - previous_value) / abs(previous_value) end
            as change_pct,
        last_year_period_start,
        last_year_value,
        actual_value - last_year_value as year_over_year_abs,
        case when last_year_value <> 0 then (actual_value - last_year_value) / abs(last_year_value) end
            as year_over_year_pct,
        trend_periods,
        case when trend_periods >= 3 then trend_slope end as trend_slope,
        case when trend_periods >= 3 and trend_mean <> 0 then trend_slope / abs(trend_mean) end
            as trend_slope_pct,
        case when trend_periods >= 3 then trend_r2 end as trend_r2,
        case
            when trend_periods < 3 or trend_slope is null then 'not_enough_data'
            when trend_r2 >= 0.5 and trend_slope > 0 then 'rising'
            when trend_r2 >= 0.5 and trend_slope < 0 then 'falling'
            else 'no_clear_trend'
        end as trend_direction,
        case
            when trend_periods < 3 or trend_slope is null or trend_r2 < 0.5 or trend_slope = 0 then 'neutral'
            when direction = 'higher_is_better' and trend_slope > 0 then 'favourable'
            when direction = 'lower_is_better' and trend_slope < 0 then 'favourable'
            when direction in ('higher_is_better', 'lower_is_better') then 'unfavourable'
            else 'neutral'
        end as trend_impact
    from with_last_year

)

-- explicit types, so the contract holds on every warehouse
select
    kpi_change_id,
    kpi_id,
    period_grain,
    period_start,
    period_end,
    org_unit_id,
    region_code,
    direction,
    is_complete_period,
    cast(actual_value as {{ type_double() }}) as actual_value,
    previous_period_start,
    cast(previous_value as {{ type_double() }}) as previous_value,
    cast(change_abs as {{ type_double() }}) as change_abs,
    cast(change_pct as {{ type_double() }}) as change_pct,
    last_year_period_start,
    cast(last_year_value as {{ type_double() }}) as last_year_value,
    cast(year_over_year_abs as {{ type_double() }}) as year_over_year_abs,
    cast(year_over_year_pct as {{ type_double() }}) as year_over_year_pct,
    cast(trend_periods as {{ dbt.type_bigint() }}) as trend_periods,
    cast(trend_slope as {{ type_double() }}) as trend_slope,
    cast(trend_slope_pct as {{ type_double() }}) as trend_slope_pct,
    cast(trend_r2 as {{ type_double() }}) as trend_r2,
    trend_direction,
    trend_impact
from final

{#- The one rule for a KPI's status, used by every scorecard model.
    green: meets the target; amber: misses it by no more than the tolerance; red: misses it by
    more; grey: no actual, no target, or stale data (a failed quality gate never reaches the mart:
    the gate stops the build). For target_band KPIs the target is the band target_low..target_high
    and the tolerance widens the band on both sides. A zero target has no relative tolerance, so
    any miss is red. -#}
{% macro kpi_status(
    actual='actual_value', target='target_value', target_low='target_low', target_high='target_high',
    tolerance='tolerance_pct', direction='direction', is_stale='is_stale'
) -%}
case
    when {{ actual }} is null or {{ is_stale }} then 'grey'
    when {{ direction }} = 'target_band' then
        case
            when {{ target_low }} is null or {{ target_high }} is null then 'grey'
            when {{ actual }} between {{ target_low }} and {{ target_high }} then 'green'
            when {{ actual }} between
                {{ target_low }} - abs({{ target_low }}) * coalesce({{ tolerance }}, 0)
                and {{ target_high }} + abs({{ target_high }}) * coalesce({{ tolerance }}, 0)
                then 'amber'
            else 'red'
        end
    when {{ target }} is null then 'grey'
    when {{ direction }} = 'higher_is_better' then
        case
            when {{ actual }} >= {{ target }} then 'green'
            when {{ actual }} >= {{ target }} - abs({{ target }}) * coalesce({{ tolerance }}, 0) then 'amber'
            else 'red'
        end
    when {{ direction }} = 'lower_is_better' then
        case
            when {{ actual }} <= {{ target }} then 'green'
            when {{ actual }} <= {{ target }} + abs({{ target }}) * coalesce({{ tolerance }}, 0) then 'amber'
            else 'red'
        end
    else 'grey'
end
{%- endmacro %}

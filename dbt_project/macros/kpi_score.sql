{#- A KPI's 0–10 score against its target: the share of the target achieved, capped at 10.
    higher_is_better: 10 × actual / target; lower_is_better: 10 × target / actual;
    target_band: 10 inside the band, falling linearly to 0 at one band-width outside it.
    Null when there is nothing to score (no actual, no target, stale). A zero target scores 10
    when met and 0 when missed. -#}
{% macro kpi_score(
    actual='actual_value', target='target_value', target_low='target_low', target_high='target_high',
    direction='direction', is_stale='is_stale'
) -%}
case
    when {{ actual }} is null or {{ is_stale }} then null
    when {{ direction }} = 'target_band' then
        case
            when {{ target_low }} is null or {{ target_high }} is null then null
            when {{ actual }} between {{ target_low }} and {{ target_high }} then 10.0
            when {{ target_high }} = {{ target_low }} then 0.0
            else greatest(0.0, 10.0 * (1 - (
                case when {{ actual }} < {{ target_low }} then {{ target_low }} - {{ actual }}
                     else {{ actual }} - {{ target_high }} end
            ) / ({{ target_high }} - {{ target_low }})))
        end
    when {{ target }} is null then null
    when {{ direction }} = 'higher_is_better' then
        case
            when {{ target }} <= 0 then case when {{ actual }} >= {{ target }} then 10.0 else 0.0 end
            else least(10.0, greatest(0.0, 10.0 * {{ actual }} / {{ target }}))
        end
    when {{ direction }} = 'lower_is_better' then
        case
            when {{ actual }} <= {{ target }} then 10.0
            when {{ target }} <= 0 or {{ actual }} <= 0 then 0.0
            else least(10.0, greatest(0.0, 10.0 * {{ target }} / {{ actual }}))
        end
end
{%- endmacro %}

{#- A KPI's value from its measures, the one rule the scorecard and the insights share: a summed
    KPI is its numerator times the scale factor; a ratio is numerator × scale / denominator, null
    when the denominator is zero or missing.
    is_sum: a boolean SQL expression (e.g. "aggregation = 'sum'"). -#}
{% macro kpi_value(is_sum, numerator, denominator, scale_factor='scale_factor') -%}
case
    when {{ is_sum }} then {{ numerator }} * {{ scale_factor }}
    when {{ denominator }} <> 0 then {{ numerator }} * {{ scale_factor }} / {{ denominator }}
end
{%- endmacro %}

{#- A period's targets from the daily targets of its days (columns target_value, target_low,
    target_high of `daily`): summed for a summed KPI, averaged for a ratio or a level. Used with a
    GROUP BY on the period. -#}
{% macro period_targets(daily='targets_daily') -%}
    {%- for column in ['target_value', 'target_low', 'target_high'] %}
        case when max({{ daily }}.aggregation) = 'sum' then sum({{ daily }}.{{ column }})
            else avg({{ daily }}.{{ column }})
        end as {{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

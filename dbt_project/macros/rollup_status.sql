{#- Status of a rolled-up 0–10 score (a perspective or the whole scorecard): green from 9.5, amber
    from 8, red below, grey when no KPI in it could be scored. KPI statuses come from kpi_status. -#}
{% macro rollup_status(score) -%}
case
    when {{ score }} is null then 'grey'
    when {{ score }} >= {{ var('rollup_green_from', 9.5) }} then 'green'
    when {{ score }} >= {{ var('rollup_amber_from', 8) }} then 'amber'
    else 'red'
end
{%- endmacro %}

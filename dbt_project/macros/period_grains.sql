{#- The periods every KPI is reported by, mapped to their start-date column in dim_date. -#}
{% macro period_grains() -%}
    {{ return({'day': 'date_day', 'week': 'week_start_date', 'month': 'month_start_date', 'quarter': 'quarter_start_date'}) }}
{%- endmacro %}

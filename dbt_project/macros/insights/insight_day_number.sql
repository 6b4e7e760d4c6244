{#-
    Days since 2000-01-01 as an integer, so baselines and lags are plain integer arithmetic on both
    warehouses (date + integer and date - interval differ between DuckDB and PostgreSQL).
-#}
{% macro insight_day_number(date_expression) -%}
    {{ dbt.datediff("cast('2000-01-01' as date)", date_expression, 'day') }}
{%- endmacro %}

{#- A small table of the integers first..last (inclusive), as a subquery body. -#}
{% macro insight_integers(first, last) -%}
    {%- for n in range(first, last + 1) %}
    select {{ n }} as n{% if not loop.last %} union all{% endif %}
    {%- endfor %}
{%- endmacro %}

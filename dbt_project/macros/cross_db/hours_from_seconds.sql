{#- A count of seconds as hours, in double precision on every target. Spark divides by a decimal
    literal in decimal arithmetic with six decimals (80.016111 where DuckDB and PostgreSQL give
    80.01611111…), so it divides a double there. -#}
{% macro hours_from_seconds(seconds) -%}
    {{ return(adapter.dispatch('hours_from_seconds', 'upt')(seconds)) }}
{%- endmacro %}

{% macro default__hours_from_seconds(seconds) -%}
    {{ seconds }} / 3600.0
{%- endmacro %}

{% macro spark__hours_from_seconds(seconds) -%}
    cast({{ seconds }} as double) / 3600
{%- endmacro %}

{#- The text of one top-level field of a JSON object column (null when the column or the field is
    null), on every target. -#}
{% macro json_field(column, key) -%}
    {{ return(adapter.dispatch('json_field', 'upt')(column, key)) }}
{%- endmacro %}

{% macro default__json_field(column, key) -%}
    (cast({{ column }} as jsonb) ->> '{{ key }}')
{%- endmacro %}

{% macro duckdb__json_field(column, key) -%}
    json_extract_string({{ column }}, '$.{{ key }}')
{%- endmacro %}

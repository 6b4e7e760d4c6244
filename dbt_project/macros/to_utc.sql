{#- A timestamp with time zone as a plain UTC timestamp. Sources write local times with their
    offset; every `_at` column past staging is UTC without a zone. -#}
{% macro to_utc(column) -%}
    {{ return(adapter.dispatch('to_utc', 'upt')(column)) }}
{%- endmacro %}

{% macro default__to_utc(column) -%}
    ({{ column }} at time zone 'UTC')
{%- endmacro %}

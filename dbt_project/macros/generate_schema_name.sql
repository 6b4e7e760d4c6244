{#- Use a folder's schema name as it is (staging, core, scorecard, …) rather than prefixing it with
    the target schema, so every target has the same, readable schemas. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

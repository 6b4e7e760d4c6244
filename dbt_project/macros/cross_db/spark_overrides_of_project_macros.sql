{#- Spark implementations of the project's cross-database macros (dispatched from
    dbt_project/macros/*.sql). -#}

{#- Spark's `timestamp` is an instant shown in the session time zone, which the profile pins to
    UTC: it already is the plain UTC timestamp the other targets convert to. -#}
{% macro spark__to_utc(column) -%}
    {{ column }}
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}

{% macro spark__json_field(column, key) -%}
    get_json_object({{ column }}, '$.{{ key }}')
{%- endmacro %}


{#- Spark implementations of the insights mart's text formatting (macros/insights/insight_formatting.sql):
    Spark has no to_char with FM patterns; format_number and date_format write the same text as
    the DuckDB implementations ("1,234.5", "3 March 2025", "March 2025"). -#}
{% macro spark__insight_format_number(value, decimals) -%}
    format_number(cast({{ value }} as double), {{ decimals }})
{%- endmacro %}

{% macro spark__insight_format_date(value) -%}
    date_format({{ value }}, 'd MMMM yyyy')
{%- endmacro %}

{% macro spark__insight_format_month(value) -%}
    date_format({{ value }}, 'MMMM yyyy')
{%- endmacro %}

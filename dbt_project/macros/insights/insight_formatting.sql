{#- Text for the plain-language sentences of the insights mart, the same on every warehouse. -#}

{#- A number with thousands separators and `decimals` digits after the point, as text. -#}
{% macro insight_format_number(value, decimals=1) -%}
    {{ return(adapter.dispatch('insight_format_number', 'upt')(value, decimals)) }}
{%- endmacro %}

{% macro default__insight_format_number(value, decimals) -%}
    {%- set pattern = 'FM999,999,999,999,990' ~ ('.' ~ '0' * decimals if decimals > 0 else '') -%}
    trim(to_char(round(cast({{ value }} as numeric), {{ decimals }}), '{{ pattern }}'))
{%- endmacro %}

{% macro duckdb__insight_format_number(value, decimals) -%}
    format('{:,.{{ decimals }}f}', cast({{ value }} as double))
{%- endmacro %}

{#- A day as "3 March 2025". -#}
{% macro insight_format_date(value) -%}
    {{ return(adapter.dispatch('insight_format_date', 'upt')(value)) }}
{%- endmacro %}

{% macro default__insight_format_date(value) -%}
    trim(to_char({{ value }}, 'FMDD FMMonth YYYY'))
{%- endmacro %}

{% macro duckdb__insight_format_date(value) -%}
    strftime({{ value }}, '%-d %B %Y')
{%- endmacro %}

{#- A KPI value in its unit: percentages as "12.3%", money as "1,234 USD", others with the unit. -#}
{% macro insight_format_value(value, unit) -%}
    case
        when ({{ value }}) is null then 'no value'
        when {{ unit }} = '%' then {{ insight_format_number('100 * (' ~ value ~ ')', 1) }} || '%'
        when {{ unit }} = 'USD' then {{ insight_format_number(value, 0) }} || ' USD'
        when {{ unit }} = 'x' then {{ insight_format_number(value, 2) }} || 'x'
        when {{ unit }} is null or {{ unit }} = '' then {{ insight_format_number(value, 1) }}
        else {{ insight_format_number(value, 1) }} || ' ' || {{ unit }}
    end
{%- endmacro %}

{#- A relative change (0.18 = 18%) as an unsigned whole percentage, e.g. "18%". -#}
{% macro insight_format_pct(value) -%}
    {{ insight_format_number('100 * abs(' ~ value ~ ')', 0) }} || '%'
{%- endmacro %}

{#- A month as "March 2025". -#}
{% macro insight_format_month(value) -%}
    {{ return(adapter.dispatch('insight_format_month', 'upt')(value)) }}
{%- endmacro %}

{% macro default__insight_format_month(value) -%}
    trim(to_char({{ value }}, 'FMMonth YYYY'))
{%- endmacro %}

{% macro duckdb__insight_format_month(value) -%}
    strftime({{ value }}, '%B %Y')
{%- endmacro %}

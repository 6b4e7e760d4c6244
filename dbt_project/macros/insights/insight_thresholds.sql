{#-
    The thresholds of the insights layer, in one place. A robust z is a deviation from the
    seasonal baseline in robust standard deviations (1.4826 × the median absolute deviation).
-#}

{#- Least |robust z| for each severity; `alert` is the level stakeholders are told about. -#}
{% macro insight_z_threshold(level) -%}
    {%- set thresholds = {'notable': 3.0, 'alert': 4.0, 'very_unusual': 6.0} -%}
    {%- if level not in thresholds -%}
        {{ exceptions.raise_compiler_error("insight_z_threshold: unknown level '" ~ level ~ "', expected one of " ~ (thresholds.keys() | list)) }}
    {%- endif -%}
    {{ thresholds[level] }}
{%- endmacro %}

{#- Severity in words from a robust z: very_unusual, unusual (the alert level), notable or normal. -#}
{% macro anomaly_severity(robust_z) -%}
    case
        when ({{ robust_z }}) is null then null
        when abs({{ robust_z }}) >= {{ insight_z_threshold('very_unusual') }} then 'very_unusual'
        when abs({{ robust_z }}) >= {{ insight_z_threshold('alert') }} then 'unusual'
        when abs({{ robust_z }}) >= {{ insight_z_threshold('notable') }} then 'notable'
        else 'normal'
    end
{%- endmacro %}

{#- The same as a number: 3 very unusual, 2 unusual (alert), 1 notable, 0 normal. -#}
{% macro anomaly_severity_rank(robust_z) -%}
    case
        when ({{ robust_z }}) is null then null
        when abs({{ robust_z }}) >= {{ insight_z_threshold('very_unusual') }} then 3
        when abs({{ robust_z }}) >= {{ insight_z_threshold('alert') }} then 2
        when abs({{ robust_z }}) >= {{ insight_z_threshold('notable') }} then 1
        else 0
    end
{%- endmacro %}

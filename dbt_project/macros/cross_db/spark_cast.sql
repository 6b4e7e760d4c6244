{#- dbt's cast on Spark, with the type in Spark's spelling. Contract checks cast null to every
    declared column type (get_empty_schema_sql), so this is what lets the contracts, written once,
    hold on Spark too. -#}
{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ upt.spark_data_type(type) }})
{%- endmacro %}

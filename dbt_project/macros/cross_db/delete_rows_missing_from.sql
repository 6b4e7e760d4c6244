{#- A post-hook for the incremental facts: delete the rows of `this` whose key is no longer in
    `source` (a record the source withdrew, e.g. a ticket marked as spam). On Spark the facts are
    tables rebuilt whole each run (incremental_config), which holds no such rows, and its Parquet
    tables cannot DELETE: the hook is empty there, and dbt skips an empty hook. -#}
{% macro delete_rows_missing_from(key, source) -%}
    {{ return(adapter.dispatch('delete_rows_missing_from', 'upt')(key, source)) }}
{%- endmacro %}

{% macro default__delete_rows_missing_from(key, source) -%}
    delete from {{ this }} where {{ key }} not in (select {{ key }} from {{ source }})
{%- endmacro %}

{% macro spark__delete_rows_missing_from(key, source) -%}
{%- endmacro %}

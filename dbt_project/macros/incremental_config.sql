{#- How the large department facts are built incrementally: the ONE place that picks the strategy
    per warehouse type (`target.type`). Each of those facts configures itself with

        {{ config(**incremental_config(unique_key='order_id', partition_column='order_date')) }}

    and filters its new rows with `incremental_rows(...)` (incremental_window.sql).

    - duckdb, postgres: `delete+insert` on the unique key. A run rebuilds the rows of the keys in
      its window and replaces them whole, so a record re-sent with a new status or a late row
      replaces the old version instead of adding a second one.
    - spark: a table rebuilt whole each run. Spark's Parquet tables have no delete+insert (merge
      needs Delta or Iceberg); `insert_overwrite` with `partition_by` on the daily
      `partition_column` replaces whole days, so it is right only when a batch holds every row of
      each day it touches, and these batches do not (fct_orders rebuilds all orders of a changed
      customer, whatever their day); `append` would keep the old version of a re-sent record.
    - any other warehouse: a plain table, rebuilt whole each run: always right, only slower.

    A column added to a fact is added to the table by the next run, empty in the rows built
    before: backfill the dates that need it, or run a full refresh. (`fail` cannot be used:
    dbt-postgres reports `text` columns as changed types on every run.)

    The `daily_partitioned` tag is how Dagster finds these models: it gives them daily partitions,
    so a date range can be backfilled (orchestration/transform/assets.py). -#}
{% macro incremental_config(unique_key, partition_column) -%}
    {%- set common = {'tags': ['daily_partitioned'], 'meta': {'partition_column': partition_column}} -%}
    {%- if target.type in ('duckdb', 'postgres') -%}
        {%- do common.update({
            'materialized': 'incremental',
            'incremental_strategy': 'delete+insert',
            'unique_key': unique_key,
            'on_schema_change': 'append_new_columns',
        }) -%}
    {%- elif target.type == 'spark' -%}
        {%- do common.update({'materialized': 'table'}) -%}
    {%- else -%}
        {%- do common.update({'materialized': 'table'}) -%}
    {%- endif -%}
    {%- do return(common) -%}
{%- endmacro %}

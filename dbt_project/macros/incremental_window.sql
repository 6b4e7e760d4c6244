{#- Which rows an incremental run of a department fact rebuilds: a SQL predicate.

    - A run for a date range (Dagster's daily partitions, or `--vars` `upt_window_start` and
      `upt_window_end`, end exclusive): the rows whose `event_column` (the fact's day) falls in it.
    - Any other incremental run: the rows whose `change_column` (when the record last changed) is
      at most `upt_incremental_lookback_days` (default 7) before the newest `watermark_column` the
      fact already holds. That lookback is how late rows are caught: the sources deliver late rows
      1-4 days after their day, so a week covers them with room to spare. A correction that
      arrives later than the lookback needs a backfill of its dates, or a full refresh
      (`dbt build --full-refresh`, or the run config `full_refresh: true` in Dagster).

    `change_column` and `watermark_column` are named separately because a fact may be keyed on a
    record (an order line) whose change time lives in another model (the order). -#}
{% macro incremental_rows(event_column, change_column, watermark_column) -%}
    {%- set window_start = var('upt_window_start', none) -%}
    {%- set window_end = var('upt_window_end', none) -%}
    {%- if window_start and window_end -%}
        ({{ event_column }} >= cast('{{ window_start }}' as date)
        and {{ event_column }} < cast('{{ window_end }}' as date))
    {%- else -%}
        {%- set lookback_days = var('upt_incremental_lookback_days', 7) | int -%}
        {%- set newest = "coalesce(max(" ~ watermark_column ~ "), cast('1900-01-01' as " ~ dbt.type_timestamp() ~ "))" -%}
        ({{ change_column }} >= (
            select {{ dbt.dateadd('day', -1 * lookback_days, newest) }} from {{ this }}
        ))
    {%- endif -%}
{%- endmacro %}

{#- The newest version of each record of a raw table: a select of the table's columns, one row per
    `key` (one column or a list), the first row in `newest_first` order (an `order by` list).

    The sources send a record again whenever it changes, and some rows late or twice, so every
    staging model starts with this:

        latest_version as (

            {{ latest_version(source('oms', 'orders'), 'order_id', 'updated_at desc, _loaded_at desc') }}

        ),

    On PostgreSQL, Spark and any view: `row_number()` over each key, the first kept. -#}
{% macro latest_version(relation, key, newest_first) -%}
    {%- set key_columns = [key] if key is string else key -%}
    {{ return(adapter.dispatch('latest_version', 'upt')(relation, key_columns, newest_first)) }}
{%- endmacro %}

{% macro default__latest_version(relation, key_columns, newest_first) -%}
    select * from (
        select
            *,
            row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by {{ newest_first }}
            ) as version_rank
        from {{ relation }}
    ) as ranked
    where version_rank = 1
{%- endmacro %}

{#- DuckDB, on a table: only the keys that occur more than once are ranked, and only their row
    ids, then the older versions are dropped by row id. Ranking every row of a wide table is a
    window over all its columns, which spills under the memory cap: at 21 M web sessions of which
    0.2 % have a second version, 28 s instead of 17 s, and the staging views compute it again for
    every model and test that reads them. `is not distinct from`: rows with a null key still
    count as one key, as in `row_number()`. Not a table (a view, a unit test's fixture): the
    default. -#}
{% macro duckdb__latest_version(relation, key_columns, newest_first) -%}
    {%- set found = adapter.get_relation(relation.database, relation.schema, relation.identifier) if execute else none -%}
    {%- if found is none or found.type != 'table' -%}
        {{ default__latest_version(relation, key_columns, newest_first) }}
    {%- else -%}
    select every_version.*
    from {{ relation }} as every_version
    anti join (
        select versions.rowid as older_rowid
        from {{ relation }} as versions
        semi join (
            select {{ key_columns | join(', ') }}
            from {{ relation }}
            group by {{ key_columns | join(', ') }}
            having count(*) > 1
        ) as repeated_keys
            on
            {%- for column in key_columns %}
                {% if not loop.first %}and {% endif %}versions.{{ column }} is not distinct from repeated_keys.{{ column }}
            {%- endfor %}
        qualify row_number() over (
            partition by {{ key_columns | join(', ') }}
            order by {{ newest_first }}
        ) > 1
    ) as older_versions
        on every_version.rowid = older_versions.older_rowid
    {%- endif -%}
{%- endmacro %}

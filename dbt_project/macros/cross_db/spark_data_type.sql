{#- A column type as Spark spells it. The project declares types once, the way DuckDB and PostgreSQL
    read them (contracts, seed column types, casts); Spark has no `double precision`, no
    `timestamptz` (its `timestamp` is the instant) and no JSON type, and its varchar needs a length.
    Types Spark already knows pass through unchanged. -#}
{% macro spark_data_type(data_type) -%}
    {%- set normalized = data_type | string | trim | lower -%}
    {%- set base = normalized.split('(')[0] | trim -%}
    {%- set renamed = {
        'double precision': 'double',
        'float8': 'double',
        'real': 'float',
        'float4': 'float',
        'varchar': 'string',
        'character varying': 'string',
        'text': 'string',
        'json': 'string',
        'jsonb': 'string',
        'timestamptz': 'timestamp',
        'timestamp with time zone': 'timestamp',
        'integer': 'int',
        'int4': 'int',
        'int8': 'bigint',
    } -%}
    {%- if base == 'numeric' -%}
        {{ normalized | replace('numeric', 'decimal') }}
    {%- elif base in renamed -%}
        {{ renamed[base] }}
    {%- else -%}
        {{ normalized }}
    {%- endif -%}
{%- endmacro %}

"""Building blocks of the suites: each returns GX expectations (or a whole part) for one rule.

Every rule is computed by SQL in the warehouse; the parts about column types and file sizes read
the warehouse's catalogue and the load log, so they run on DuckDB and PostgreSQL alike.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from quality.suites.spec import CRITICAL, WARNING, SuiteContext, SuitePart

# The oldest date any business event of the company may carry.
EARLIEST_EVENT = date(2000, 1, 1)
# Events may be stamped a little after the newest source's last event (time zones, late posting).
FUTURE_TOLERANCE = timedelta(days=2)
# A file (or a full-refresh table) holding less than this share of its usual rows has collapsed.
COLLAPSE_SHARE = 0.25
# Files compared against the median of this many files of the same table before them...
VOLUME_WINDOW = 28
# ...once that median is large enough for a share to mean something (below ~40 rows a day,
# chance alone can leave a file with a quarter of its usual rows).
VOLUME_MIN_MEDIAN = 40
# A mart rebuilt with less than this share of the rows of its last good build has collapsed.
MART_COLLAPSE_SHARE = 0.5

# Contract and warehouse types, reduced to families both warehouses agree on.
_FAMILIES = {
    "varchar": "text",
    "text": "text",
    "integer": "integer",
    "bigint": "integer",
    "double": "float",
    "double precision": "float",
    "timestamptz": "timestamptz",
    "timestamp": "timestamp",
    "date": "date",
    "boolean": "boolean",
    "json": "json",
}

_TYPE_FAMILY_SQL = """case
    when lower(data_type) in ('varchar', 'text', 'character varying', 'character')
        or lower(data_type) like 'varchar(%' then 'text'
    when lower(data_type) in ('integer', 'int', 'int4', 'bigint', 'int8', 'smallint', 'hugeint')
        then 'integer'
    when lower(data_type) like 'decimal%' or lower(data_type) like 'numeric%' then 'decimal'
    when lower(data_type) in ('double', 'double precision', 'float', 'float8', 'real') then 'float'
    when lower(data_type) = 'timestamp with time zone' then 'timestamptz'
    when lower(data_type) like 'timestamp%' then 'timestamp'
    when lower(data_type) in ('json', 'jsonb') then 'json'
    else lower(data_type)
end"""


def type_family(declared: str) -> str:
    declared = declared.lower().strip()
    if declared.startswith(("decimal", "numeric")):
        return "decimal"
    return _FAMILIES.get(declared, declared)


def _gxe() -> Any:
    import great_expectations.expectations as gxe

    return gxe


def sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def column_types_part(schema: str, table: str, columns: Mapping[str, str]) -> SuitePart:
    """Every expected column is present with a type of the expected family (`name:family`)."""
    query = (
        f"select column_name, column_name || ':' || {_TYPE_FAMILY_SQL} as column_type "
        "from information_schema.columns "
        f"where table_schema = {sql_literal(schema)} and table_name = {sql_literal(table)}"
    )
    expected = sorted(f"{name}:{type_family(declared)}" for name, declared in columns.items())
    return SuitePart(
        label="columns",
        query=query,
        expectations=[
            _gxe().ExpectColumnDistinctValuesToContainSet(
                column="column_type", value_set=expected, severity=CRITICAL
            )
        ],
    )


def not_null(columns: Sequence[str]) -> list:
    return [_gxe().ExpectColumnValuesToNotBeNull(column=c, severity=CRITICAL) for c in columns]


def unique(columns: Sequence[str], severity: str = CRITICAL) -> Any:
    gxe = _gxe()
    if len(columns) == 1:
        return gxe.ExpectColumnValuesToBeUnique(column=columns[0], severity=severity)
    return gxe.ExpectCompoundColumnsToBeUnique(column_list=list(columns), severity=severity)


def at_least(column: str, minimum: float, severity: str = CRITICAL) -> Any:
    return _gxe().ExpectColumnValuesToBeBetween(column=column, min_value=minimum, severity=severity)


def between(column: str, minimum: float, maximum: float, severity: str = CRITICAL) -> Any:
    return _gxe().ExpectColumnValuesToBeBetween(
        column=column, min_value=minimum, max_value=maximum, severity=severity
    )


def in_set(column: str, values: Sequence[str], severity: str = CRITICAL) -> Any:
    return _gxe().ExpectColumnValuesToBeInSet(column=column, value_set=sorted(values), severity=severity)


def _bound(kind: str, moment: datetime) -> date | datetime:
    return moment.date() if kind == "date" else moment


def dates_in_range(columns: Mapping[str, str], context: SuiteContext) -> list:
    """Event dates fall between the company's earliest possible day and the newest data's day."""
    latest = context.reference_time + FUTURE_TOLERANCE
    earliest = datetime.combine(EARLIEST_EVENT, datetime.min.time(), tzinfo=latest.tzinfo)
    return [
        _gxe().ExpectColumnValuesToBeBetween(
            column=column,
            min_value=_bound(type_family(kind), earliest),
            max_value=_bound(type_family(kind), latest),
            severity=CRITICAL,
        )
        for column, kind in columns.items()
    ]


def fresh(column: str, kind: str, max_lag: timedelta, context: SuiteContext) -> Any:
    """The newest value is at most `max_lag` older than the newest data of the daily sources."""
    return _gxe().ExpectColumnMaxToBeBetween(
        column=column, min_value=_bound(type_family(kind), context.reference_time - max_lag), severity=WARNING
    )


def rows_present(severity: str = CRITICAL) -> Any:
    return _gxe().ExpectTableRowCountToBeBetween(min_value=1, severity=severity)


def rows_kept(suite: str, context: SuiteContext) -> list:
    """A full-refresh table keeps at least half the rows of its last good build."""
    previous = context.previous_row_counts.get(suite)
    if not previous:
        return [rows_present()]
    minimum = max(1, math.ceil(previous * MART_COLLAPSE_SHARE))
    return [_gxe().ExpectTableRowCountToBeBetween(min_value=minimum, severity=CRITICAL)]


def file_volume_part(raw_schema: str, load_log: str, raw_table: str, day_column: str | None) -> SuitePart:
    """Each loaded file holds at least a quarter of the rows usual for the table (the median of
    the files before it), so an empty or truncated export blocks instead of looking like a quiet day.
    The table's newest file may cover a period still in progress (the current month of a monthly
    export holds only the days so far): it is compared per day it covers, counted on `day_column`
    (the loaded-at column); every earlier file whole. A correlated subquery, not a window:
    PostgreSQL has no windowed median."""
    table = sql_literal(raw_table)
    days = f"count(distinct cast({quote_column(day_column)} as date))" if day_column else "1"
    # GX takes a query only when it starts with SELECT: no CTE, so this derived table is repeated.
    files = f"""
        select
            loads.file_path,
            cast(loads.row_count as double precision) as row_count,
            cast(loads.row_count as double precision) / greatest(coalesce(covered.days, 1), 1)
            as rows_per_day
        from {raw_schema}.{load_log} as loads
        left join (
            -- Days are needed only for the newest file and the files it is compared with.
            select _load_id, {days} as days
            from {raw_schema}.{raw_table}
            where _load_id in (
                select recent.load_id from {raw_schema}.{load_log} as recent
                where recent.raw_table = {table}
                order by recent.file_path desc
                limit {VOLUME_WINDOW + 1}
            )
            group by _load_id
        ) as covered on loads.load_id = covered._load_id
        where loads.raw_table = {table}"""

    def usual(column: str) -> str:
        return f"""(
                select percentile_cont(0.5) within group (order by earlier.{column})
                from (
                    select previous.{column} from ({files}) as previous
                    where previous.file_path < files.file_path
                    order by previous.file_path desc
                    limit {VOLUME_WINDOW}
                ) as earlier
            )"""

    query = f"""
        select
            file_path,
            row_count,
            usual_rows,
            case
                when is_newest then rows_per_day / usual_rows_per_day else row_count / usual_rows
            end as share_of_usual_rows
        from (
            select
                files.file_path,
                files.row_count,
                files.rows_per_day,
                {usual("row_count")} as usual_rows,
                {usual("rows_per_day")} as usual_rows_per_day,
                files.file_path = (select max(newest.file_path) from ({files}) as newest) as is_newest
            from ({files}) as files
        ) as compared
        where usual_rows >= {VOLUME_MIN_MEDIAN}"""
    return SuitePart(
        label="file volumes",
        query=query,
        expectations=[
            _gxe().ExpectColumnValuesToBeBetween(
                column="share_of_usual_rows", min_value=COLLAPSE_SHARE, severity=CRITICAL
            )
        ],
        index_columns=("file_path",),
    )


def quote_column(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def ordered(later: str, earlier: str) -> Any:
    """`later` is never before `earlier` on the same row (a period ends after it starts)."""
    return _gxe().ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=later, column_B=earlier, or_equal=True, ignore_row_if="either_value_is_missing"
    )

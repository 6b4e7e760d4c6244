"""Run a suite against the warehouse and summarise what failed.

By default GX computes every metric as SQL in the warehouse (DuckDB or PostgreSQL); no table is
pulled into pandas. `engine="pandas"` runs the same expectations on the same rows fetched into
pandas instead; it exists to measure what pushing the work down saves. Results are turned into
plain dataclasses so the orchestration layer and the report site never need to import GX.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

from quality.suites.raw_rules import REFERENCE_EVENTS
from quality.suites.spec import CRITICAL, SuiteContext, SuitePart, SuiteSpec

SAMPLE_SIZE = 5
Engine = Literal["sql", "pandas"]


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    part: str
    column: str | None
    severity: str
    success: bool
    element_count: int | None
    unexpected_count: int | None
    sample_values: list[str]
    observed: str | None = None
    error: str | None = None

    @property
    def blocks(self) -> bool:
        return not self.success and self.severity == CRITICAL

    def describe(self) -> str:
        target = f" on {self.column}" if self.column else ""
        if self.error:
            return f"{self.expectation}{target}: could not run: {self.error}"
        if self.unexpected_count:
            found = f"{self.unexpected_count} of {self.element_count} rows"
        else:
            found = f"observed {self.observed}" if self.observed is not None else "failed"
        samples = f" (e.g. {'; '.join(self.sample_values)})" if self.sample_values else ""
        return f"{self.expectation}{target}: {found}{samples}"


@dataclass
class SuiteOutcome:
    suite: str
    relation: str
    validated_at: str
    seconds: float = 0.0
    row_count: int | None = None
    freshest: str | None = None
    outcomes: list[ExpectationOutcome] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True unless a critical expectation failed (warnings do not block)."""
        return not any(o.blocks for o in self.outcomes)

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "passed": self.passed}


def _quiet_gx() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)


def _text(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _sample(details: Mapping[str, Any], column: str | None, index_columns: tuple[str, ...]) -> list[str]:
    """A few offending values, each with the landing file (or other index) it came from."""
    indexed = details.get("partial_unexpected_index_list") or []
    if indexed and isinstance(indexed[0], dict):
        samples = []
        for row in indexed[:SAMPLE_SIZE]:
            where = ", ".join(_text(row[c]) for c in index_columns if c in row)
            values = ", ".join(f"{k}={_text(v)}" for k, v in row.items() if k not in index_columns)
            samples.append(f"{values} in {where}" if where else values)
        return samples
    return [_text(v) for v in (details.get("partial_unexpected_list") or [])[:SAMPLE_SIZE]]


def _error(exception: Mapping[str, Any]) -> str | None:
    if exception.get("raised_exception"):
        return str(exception.get("exception_message", "")).splitlines()[0]
    for info in exception.values():
        if isinstance(info, dict) and info.get("raised_exception"):
            return str(info.get("exception_message", "")).splitlines()[0]
    return None


def _outcome(result: Any, part: SuitePart) -> ExpectationOutcome:
    config = result.expectation_config
    details = dict(result.result or {})
    kwargs = config.kwargs
    column = kwargs.get("column") or (", ".join(kwargs["column_list"]) if kwargs.get("column_list") else None)
    if column is None and kwargs.get("column_A"):
        column = f"{kwargs['column_A']}, {kwargs['column_B']}"
    observed = details.get("observed_value")
    if isinstance(observed, list):
        # Column-set checks: name what is missing rather than everything observed.
        missing = sorted(set(kwargs.get("value_set") or []) - {str(v) for v in observed})
        observed = f"missing {', '.join(missing)}" if missing else None
    return ExpectationOutcome(
        expectation=config.type,
        part=part.label,
        column=column,
        severity=str(getattr(config.severity, "value", config.severity) or CRITICAL),
        success=bool(result.success),
        element_count=details.get("element_count"),
        unexpected_count=details.get("unexpected_count"),
        sample_values=_sample(details, column, part.index_columns),
        observed=None if observed is None else _text(observed),
        error=_error(result.exception_info or {}),
    )


def _scalar(connection_string: str, sql: str) -> Any:
    import sqlalchemy

    engine = sqlalchemy.create_engine(connection_string)
    try:
        with engine.connect() as connection:
            return connection.execute(sqlalchemy.text(sql)).scalar()
    finally:
        engine.dispose()


def existing_tables(connection_string: str, schema: str) -> set[str]:
    rows = _scalar(
        connection_string,
        f"select string_agg(table_name, ',') from information_schema.tables where table_schema = '{schema}'",
    )
    return set((rows or "").split(","))


def table_row_count(connection_string: str, schema: str, table: str) -> int:
    return int(_scalar(connection_string, f'select count(*) from "{schema}"."{table}"'))


def suite_context(
    connection_string: str, previous_row_counts: Mapping[str, int] | None = None
) -> SuiteContext:
    """What this gate run measures against: the newest event of the daily sources (not later than
    the clock), the warehouse's dialect and the row counts of the last good validations."""
    now = datetime.now(UTC)
    tables = existing_tables(connection_string, "raw")
    selects = [
        f"select max({column}) as newest from raw.{table} where {column} <= current_timestamp"
        for table, column in REFERENCE_EVENTS
        if table in tables
    ]
    newest = (
        _scalar(connection_string, f"select max(newest) from ({' union all '.join(selects)}) as n")
        if selects
        else None
    )
    reference = newest.astimezone(UTC) if isinstance(newest, datetime) else now
    return SuiteContext(
        dialect=connection_string.split(":", 1)[0].split("+", 1)[0],
        reference_time=reference,
        now=now,
        previous_row_counts=dict(previous_row_counts or {}),
    )


def validate_suite(
    spec: SuiteSpec, connection_string: str, context: SuiteContext | None = None, engine: Engine = "sql"
) -> SuiteOutcome:
    """Validate one table with its suite; by default every metric is computed in the warehouse."""
    _quiet_gx()
    import great_expectations as gx

    from quality.gx_duckdb import keep_duckdb_connections_open

    keep_duckdb_connections_open()
    context = context or suite_context(connection_string)
    started = time.perf_counter()
    with _closing_every_connection():
        outcome = _validate(gx, spec, connection_string, context, engine)
    outcome.seconds = round(time.perf_counter() - started, 3)
    return outcome


def _validate(
    gx: Any, spec: SuiteSpec, connection_string: str, context: SuiteContext, engine: Engine
) -> SuiteOutcome:
    from great_expectations.data_context.types.base import ProgressBarsConfig

    gx_context = gx.get_context(mode="ephemeral")
    gx_context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    if engine == "sql":
        source = gx_context.data_sources.add_sql(name="warehouse", connection_string=connection_string)
    else:
        source = gx_context.data_sources.add_pandas(name="warehouse")
    outcome = SuiteOutcome(
        suite=spec.name, relation=spec.relation, validated_at=datetime.now(UTC).isoformat(timespec="seconds")
    )
    for part in spec.build(context):
        name = f"{spec.name}.{part.label}"
        result_format: dict[str, Any] = {"result_format": "SUMMARY", "partial_unexpected_count": 20}
        if part.index_columns:
            result_format["unexpected_index_column_names"] = list(part.index_columns)
        if engine == "sql":
            # A query asset keeps the schema in the SQL GX sends (GX's column reflection drops it
            # for table assets on DuckDB).
            batch = source.add_query_asset(name=name, query=part.query)
            batch_parameters: dict[str, Any] = {}
        else:
            batch = source.add_dataframe_asset(name=name)
            batch_parameters = {"dataframe": _fetch_frame(connection_string, part.query)}
        definition = (
            batch.add_batch_definition_whole_table("whole_table")
            if engine == "sql"
            else batch.add_batch_definition_whole_dataframe("whole_frame")
        )
        suite = gx.ExpectationSuite(name=name, expectations=part.expectations)
        result = definition.get_batch(batch_parameters=batch_parameters).validate(
            suite, result_format=result_format
        )
        outcome.outcomes.extend(_outcome(r, part) for r in result.results)
        _note_table_facts(outcome, spec, part, result.results)
    return outcome


def _note_table_facts(outcome: SuiteOutcome, spec: SuiteSpec, part: SuitePart, results: list[Any]) -> None:
    """Row count and newest value of the table, for the data-trust page."""
    if part.label != "rows":
        return
    for result in results:
        config, details = result.expectation_config, dict(result.result or {})
        if config.type == "expect_column_values_to_not_be_null" and details.get("element_count") is not None:
            outcome.row_count = int(details["element_count"])
        elif (
            config.type == "expect_table_row_count_to_be_between"
            and details.get("observed_value") is not None
        ):
            outcome.row_count = int(details["observed_value"])
        elif (
            config.type == "expect_column_max_to_be_between"
            and config.kwargs.get("column") == spec.freshness_column
            and details.get("observed_value") is not None
        ):
            outcome.freshest = _text(details["observed_value"])


def _fetch_frame(connection_string: str, query: str) -> Any:
    import pandas as pd
    import sqlalchemy

    engine = sqlalchemy.create_engine(connection_string)
    try:
        with engine.connect() as connection:
            return pd.read_sql_query(sqlalchemy.text(query), connection)
    finally:
        engine.dispose()


@contextmanager
def _closing_every_connection() -> Iterator[None]:
    """Close every database connection GX opens inside the block.

    GX keeps its DuckDB connection open (see gx_duckdb) and builds more than one engine per
    validation; DuckDB admits no writer while any connection to the file is open, so each one is
    closed here rather than left to the garbage collector.
    """
    from sqlalchemy import event
    from sqlalchemy.engine import Engine as SqlEngine

    connections: list[Any] = []

    def remember(connection: Any) -> None:
        connections.append(connection)

    event.listen(SqlEngine, "engine_connect", remember)
    try:
        yield
    finally:
        event.remove(SqlEngine, "engine_connect", remember)
        for connection in connections:
            with suppress(Exception):
                connection.close()
        for engine in {id(c.engine): c.engine for c in connections}.values():
            engine.dispose()

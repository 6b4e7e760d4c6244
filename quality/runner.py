"""Run a suite against the warehouse through SQL and summarise what failed.

GX computes every metric as SQL in the warehouse (DuckDB or PostgreSQL); no table is pulled into
pandas. Results are turned into plain dataclasses so the orchestration layer and the report site
never need to import GX.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from quality.suites.spec import SuiteSpec

SAMPLE_SIZE = 5


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    column: str | None
    severity: str
    success: bool
    element_count: int | None
    unexpected_count: int | None
    sample_values: list[str]
    error: str | None = None

    @property
    def blocks(self) -> bool:
        return not self.success and self.severity == "critical"

    def describe(self) -> str:
        target = f" on {self.column}" if self.column else ""
        if self.error:
            return f"{self.expectation}{target}: could not run: {self.error}"
        count = f"{self.unexpected_count} of {self.element_count} rows" if self.unexpected_count else "failed"
        samples = f" (e.g. {', '.join(self.sample_values)})" if self.sample_values else ""
        return f"{self.expectation}{target}: {count}{samples}"


@dataclass
class SuiteOutcome:
    suite: str
    relation: str
    validated_at: str
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


def _outcome(result: Any) -> ExpectationOutcome:
    config = result.expectation_config
    details = dict(result.result or {})
    exception = result.exception_info or {}
    error = None
    if exception.get("raised_exception"):
        error = str(exception.get("exception_message", "")).splitlines()[0]
    else:
        for info in exception.values():
            if isinstance(info, dict) and info.get("raised_exception"):
                error = str(info.get("exception_message", "")).splitlines()[0]
                break
    samples = [str(value) for value in (details.get("partial_unexpected_list") or [])[:SAMPLE_SIZE]]
    kwargs = config.kwargs
    column = kwargs.get("column") or (", ".join(kwargs["column_list"]) if kwargs.get("column_list") else None)
    return ExpectationOutcome(
        expectation=config.type,
        column=column,
        severity=str(getattr(config.severity, "value", config.severity) or "critical"),
        success=bool(result.success),
        element_count=details.get("element_count"),
        unexpected_count=details.get("unexpected_count"),
        sample_values=samples,
        error=error,
    )


def validate_suite(spec: SuiteSpec, connection_string: str) -> SuiteOutcome:
    """Validate one table with its suite; the table is read by SQL in the warehouse."""
    _quiet_gx()
    import great_expectations as gx

    from quality.gx_duckdb import keep_duckdb_connections_open

    keep_duckdb_connections_open()
    with _closing_every_connection():
        return _validate(gx, spec, connection_string)


def _validate(gx: Any, spec: SuiteSpec, connection_string: str) -> SuiteOutcome:
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    datasource = context.data_sources.add_sql(name="warehouse", connection_string=connection_string)
    # A query asset keeps the schema in the SQL GX sends (GX's column reflection drops it for
    # table assets on DuckDB).
    asset = datasource.add_query_asset(name=spec.name, query=f"select * from {spec.relation}")
    batch = asset.add_batch_definition_whole_table("whole_table").get_batch()
    suite = gx.ExpectationSuite(name=spec.name, expectations=spec.build())
    result = batch.validate(suite, result_format={"result_format": "SUMMARY", "partial_unexpected_count": 20})
    return SuiteOutcome(
        suite=spec.name,
        relation=spec.relation,
        validated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        outcomes=[_outcome(r) for r in result.results],
    )


@contextmanager
def _closing_every_connection() -> Iterator[None]:
    """Close every database connection GX opens inside the block.

    GX keeps its DuckDB connection open (see gx_duckdb) and builds more than one engine per
    validation; DuckDB admits no writer while any connection to the file is open, so each one is
    closed here rather than left to the garbage collector.
    """
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    connections: list[Any] = []

    def remember(connection: Any) -> None:
        connections.append(connection)

    event.listen(Engine, "engine_connect", remember)
    try:
        yield
    finally:
        event.remove(Engine, "engine_connect", remember)
        for connection in connections:
            with suppress(Exception):
                connection.close()
        for engine in {id(c.engine): c.engine for c in connections}.values():
            engine.dispose()

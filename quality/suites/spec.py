"""What a suite protects and how its expectations are built."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # GX is slow to import; only the runner imports it, when a check runs.
    from great_expectations.expectations import Expectation

CRITICAL = "critical"
WARNING = "warning"


@dataclass(frozen=True)
class SuiteContext:
    """What the expectations of one gate run are measured against.

    `reference_time` anchors freshness and "not in the future": the newest event of the daily
    sources (never later than the clock), so a replay of past data is judged as of its own day.
    `previous_row_counts` are the row counts each suite saw at its last passing validation.
    """

    dialect: str
    reference_time: datetime
    now: datetime
    previous_row_counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SuitePart:
    """One batch of a suite: a query run in the warehouse and the expectations on its rows.

    A suite has a part for the table's rows and may add parts for facts about the table (its
    column types, the size of each loaded file), each still computed by SQL in the warehouse.
    """

    label: str
    query: str
    expectations: list[Expectation]
    # Columns shown beside each offending value (the landing file a bad row came from).
    index_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class SuiteSpec:
    """A suite of expectations on one warehouse table.

    `asset_key` is the Dagster asset the suite guards; `build` returns its parts, each
    expectation with a severity: "critical" blocks everything downstream, "warning" is reported.
    """

    name: str
    schema: str
    table: str
    asset_key: Sequence[str]
    description: str
    build: Callable[[SuiteContext], list[SuitePart]]
    # A column whose newest value says how fresh the table is (shown on the data-trust page).
    freshness_column: str | None = None

    @property
    def relation(self) -> str:
        return f"{self.schema}.{self.table}"

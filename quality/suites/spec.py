"""What a suite protects and how its expectations are built."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # GX is slow to import; only the runner imports it, when a check runs.
    from great_expectations.expectations import Expectation


@dataclass(frozen=True)
class SuiteSpec:
    """A suite of expectations on one warehouse table.

    `asset_key` is the Dagster asset the suite guards; `build` returns the expectations, each with
    a severity: "critical" blocks everything downstream, "warning" is reported only.
    """

    name: str
    schema: str
    table: str
    asset_key: Sequence[str]
    description: str
    build: Callable[[], list[Expectation]]

    @property
    def relation(self) -> str:
        return f"{self.schema}.{self.table}"

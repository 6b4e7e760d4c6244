"""Every suite of the quality gate: one per raw table, and the scorecard marts."""

from __future__ import annotations

from quality.suites.marts import mart_suites
from quality.suites.raw import raw_suites
from quality.suites.spec import CRITICAL, WARNING, SuiteContext, SuitePart, SuiteSpec

ALL_SUITES: tuple[SuiteSpec, ...] = (*raw_suites(), *mart_suites())

__all__ = ["ALL_SUITES", "CRITICAL", "WARNING", "SuiteContext", "SuitePart", "SuiteSpec"]

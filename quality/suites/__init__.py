"""Every suite of the quality gate, one module per layer or system."""

from __future__ import annotations

from quality.suites.raw_oms import RAW_OMS_SUITES
from quality.suites.spec import SuiteSpec

ALL_SUITES: tuple[SuiteSpec, ...] = (*RAW_OMS_SUITES,)

__all__ = ["ALL_SUITES", "SuiteSpec"]

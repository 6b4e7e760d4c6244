"""Simulator runs shared by the simulator tests (each generated once per test session)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from orchestration.simulator import GenerationSummary, generate

# 60 days across the 2025-07-01 export-version cut-over: every table and every kind of mess.
SMALL = {"seed": 7, "scale": 0.05, "start": date(2025, 6, 1), "end": date(2025, 7, 30)}
# Half a year at a larger scale, with every default scenario planted: enough signal for the
# causal links and the scenario windows.
MEDIUM = {"seed": 11, "scale": 0.5, "start": date(2025, 1, 1), "end": date(2025, 6, 29)}


@pytest.fixture(scope="session")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> GenerationSummary:
    return generate(tmp_path_factory.mktemp("small") / "landing", progress=False, **SMALL)


@pytest.fixture(scope="session")
def medium_run(tmp_path_factory: pytest.TempPathFactory) -> GenerationSummary:
    return generate(tmp_path_factory.mktemp("medium") / "landing", progress=False, **MEDIUM)


def landing_files(landing: Path) -> list[Path]:
    return sorted(p for p in landing.rglob("*") if p.is_file())

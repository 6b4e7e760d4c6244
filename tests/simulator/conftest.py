"""Simulator runs shared by the simulator tests (each generated once per test session)."""

from __future__ import annotations

import pytest

from orchestration.simulator import GenerationSummary, generate
from tests.simulator.reading import MEDIUM, SMALL


@pytest.fixture(scope="session")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> GenerationSummary:
    return generate(tmp_path_factory.mktemp("small") / "landing", progress=False, **SMALL)


@pytest.fixture(scope="session")
def medium_run(tmp_path_factory: pytest.TempPathFactory) -> GenerationSummary:
    return generate(tmp_path_factory.mktemp("medium") / "landing", progress=False, **MEDIUM)

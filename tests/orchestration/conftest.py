"""Orchestration fixtures: a small company's exports, kept outside any landing folder so tests
can deliver them day by day."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.orchestration.helpers import END, SCALE, START


@pytest.fixture(scope="session")
def company_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three weeks of a small company's exports, outside any landing folder."""
    from orchestration.simulator import generate

    exports = tmp_path_factory.mktemp("company") / "exports"
    generate(exports, seed=11, scale=SCALE, start=START, end=END, progress=False)
    return exports

"""Shared fixtures: every test gets its own landing folder, warehouse, site and Dagster home."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser import axe_script, browser, screenshots  # noqa: F401  (fixtures)
from tests.company import small_company  # noqa: F401  (fixture)
from tests.postgres_server import postgres_database, postgres_server  # noqa: F401  (fixtures)
from tests.project_dirs import apply_project_env

# A pytest-xdist worker runs under execnet, whose `__main__` has neither `__file__` nor `__spec__`.
# pyspark.sql.connect (which GX imports) takes that for a doctest run and calls sys.exit(0) when
# its optional gRPC packages are absent. A file name on `__main__` lets it import normally.
_main = sys.modules["__main__"]
if getattr(_main, "__spec__", None) is None and not hasattr(_main, "__file__"):
    _main.__file__ = "pytest-xdist-worker"

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@dataclass(frozen=True)
class ProjectPaths:
    data_dir: Path
    landing_dir: Path
    warehouse_path: Path
    site_dir: Path


@pytest.fixture
def project_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ProjectPaths:
    """Point every UPT setting at a fresh temporary folder."""
    data = tmp_path / "data"
    paths = ProjectPaths(
        data_dir=data,
        landing_dir=data / "landing",
        warehouse_path=data / "warehouse" / "upt.duckdb",
        site_dir=data / "site",
    )
    paths.landing_dir.mkdir(parents=True)
    apply_project_env(monkeypatch, tmp_path)
    return paths


# The suite runs on two workers (`pytest -n 2 --dist loadgroup`, see the Makefile). A module's
# tests stay on one worker, so its module fixtures run once; the tests of one shared run (a
# session fixture that builds a whole company) stay together too, so that run happens once.
SHARED_RUNS = ("small_company", "planted_company", "medium_run")
# The longest modules start first, so that the two workers finish at about the same time.
LONGEST_FIRST = ("tests/bench/", "tests/spark/")


# First, before xdist's own hook turns each item's `xdist_group` marker into the group it schedules
# by: a marker added after it would be ignored, and a module's tests spread over both workers.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        shared = next((name for name in SHARED_RUNS if name in getattr(item, "fixturenames", ())), None)
        item.add_marker(pytest.mark.xdist_group(shared or item.nodeid.split("::")[0]))

    def rank(item: pytest.Item) -> int:
        path = item.nodeid
        return next(
            (i for i, prefix in enumerate(LONGEST_FIRST) if path.startswith(prefix)), len(LONGEST_FIRST)
        )

    items.sort(key=rank)

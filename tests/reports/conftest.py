"""Report-site fixtures: a tiny mart warehouse and the sites built from it once per test run (the
browser comes from tests/browser.py through the root conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.engine.site import BuildResult, build_site
from tests.reports.marts import build_mart_warehouse

# Names with markup, an event handler and template syntax, for the escaping tests.
HOSTILE = (
    '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> {{7*7}} '
    "O'Brien' or 1=1 -- *bold*"
)


@pytest.fixture(scope="session")
def mart_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_mart_warehouse(tmp_path_factory.mktemp("marts") / "upt.duckdb")


@pytest.fixture(scope="session")
def site(mart_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_site(mart_warehouse, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    folder = tmp_path_factory.mktemp("hostile")
    warehouse = build_mart_warehouse(folder / "upt.duckdb", name=lambda text: f"{text} {HOSTILE}")
    return build_site(warehouse, folder / "site")

"""Shared fixtures: every test gets its own landing folder, warehouse, site and Dagster home."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser import axe_script, browser, screenshots  # noqa: F401  (fixtures)
from tests.company import small_company  # noqa: F401  (fixture)
from tests.postgres_server import postgres_database, postgres_server  # noqa: F401  (fixtures)
from tests.project_dirs import apply_project_env

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

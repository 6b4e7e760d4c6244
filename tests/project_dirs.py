"""Where a test's UPT project lives: every setting pointed under one temporary root."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def project_env(root: Path, target: str = "duckdb") -> dict[str, str]:
    """The settings of a project under `root`: data in root/data, Dagster's home in root/dagster_home."""
    data = root / "data"
    return {
        "UPT_DATA_DIR": str(data),
        "UPT_LANDING_DIR": str(data / "landing"),
        "UPT_WAREHOUSE_PATH": str(data / "warehouse" / "upt.duckdb"),
        "UPT_SITE_DIR": str(data / "site"),
        "UPT_DBT_TARGET": target,
        "DAGSTER_HOME": str(root / "dagster_home"),
    }


def apply_project_env(patch: pytest.MonkeyPatch, root: Path, target: str = "duckdb", **extra: object) -> Path:
    """Point every setting under `root` (plus `extra` variables); returns the data folder."""
    for name, value in {**project_env(root, target), **extra}.items():
        patch.setenv(name, str(value))
    (root / "dagster_home").mkdir(parents=True, exist_ok=True)
    return root / "data"


@contextmanager
def project_at(root: Path, target: str = "duckdb", **extra: object) -> Iterator[Path]:
    """The project under `root` for the block (session fixtures, which cannot use `monkeypatch`)."""
    with pytest.MonkeyPatch.context() as patch:
        yield apply_project_env(patch, root, target, **extra)

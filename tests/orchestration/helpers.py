"""Helpers of the orchestration tests: export files that land day by day, project folders for runs
in this process or in child processes, the facts' run selection, and warehouse fingerprints."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from tests.project_dirs import project_env

REPO = Path(__file__).resolve().parents[2]

SCALE = 0.02
START = dt.date(2025, 3, 1)
END = dt.date(2025, 3, 21)
# The last days arrive one at a time, each followed by an incremental run; the last one's run is
# launched by two processes at once.
INCREMENTAL_DAYS = [dt.date(2025, 3, 20), dt.date(2025, 3, 21)]

# The incremental department facts; their runs select these and everything upstream of them.
FACTS = [
    "sales/fct_orders",
    "sales/fct_order_lines",
    "marketing/fct_sessions",
    "customer_service/fct_tickets",
]

_DAILY_FILE = re.compile(r"_(\d{8})\.[a-z]+$")


def file_day(path: Path) -> dt.date | None:
    """The day a daily export file covers (`orders_20250301.csv`); None for monthly, yearly and
    snapshot files named by month or year, which arrive with the first delivery."""
    match = _DAILY_FILE.search(path.name)
    return dt.datetime.strptime(match.group(1), "%Y%m%d").date() if match else None


def deliver(exports: Path, landing: Path, days: Iterable[dt.date | None]) -> list[Path]:
    """Copy the export files of the given days (None: the files not named by day) into landing."""
    wanted = set(days)
    copied = []
    for source in sorted(p for p in exports.rglob("*") if p.is_file()):
        if file_day(source) in wanted:
            target = landing / source.relative_to(exports)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            copied.append(target)
    return copied


@dataclass(frozen=True)
class ProjectDirs:
    root: Path
    landing_dir: Path
    warehouse_path: Path
    site_dir: Path
    dagster_home: Path

    @classmethod
    def create(cls, root: Path) -> ProjectDirs:
        data = root / "data"
        warehouse = data / "warehouse" / "upt.duckdb"
        dirs = cls(root, data / "landing", warehouse, data / "site", root / "dagster_home")
        dirs.landing_dir.mkdir(parents=True, exist_ok=True)
        dirs.dagster_home.mkdir(parents=True, exist_ok=True)
        return dirs

    def env(self) -> dict[str, str]:
        return {
            **project_env(self.root),
            "DO_NOT_TRACK": "1",
            "GX_ANALYTICS_ENABLED": "false",
        }

    def apply(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for name, value in self.env().items():
            monkeypatch.setenv(name, value)


def table_fingerprint(frame: pd.DataFrame) -> str:
    """Order-independent hash of a table's content; doubles rounded so that summing the same
    numbers in another order does not count as a difference."""
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_float_dtype(frame[column]):
            frame[column] = frame[column].round(9)
    rows = pd.util.hash_pandas_object(frame.astype(str), index=False).sort_values().to_numpy()
    digest = hashlib.sha256(rows.tobytes())
    digest.update(",".join(frame.columns).encode())
    return f"{len(frame)}:{digest.hexdigest()}"


def warehouse_fingerprints(warehouse_path: Path) -> dict[str, str]:
    """Every table and view dbt builds (all schemas but raw, whose rows carry load times)."""
    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        relations = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = current_database() and table_schema not in ('raw', 'information_schema') "
            "order by 1, 2"
        ).fetchall()
        return {
            f"{schema}.{name}": table_fingerprint(con.execute(f'select * from "{schema}"."{name}"').df())
            for schema, name in relations
        }
    finally:
        con.close()


def child_env(dirs: ProjectDirs) -> dict[str, str]:
    """Environment of a child process working on `dirs`."""
    return {**os.environ, **dirs.env(), "PYTHONPATH": str(REPO), "PYTHONWARNINGS": "ignore"}


def fact_job(defs: dg.Definitions, facts_only: bool = False) -> dg.JobDefinition:
    """refresh_all narrowed to the incremental facts and, unless `facts_only`, everything upstream
    of them that a run can materialise. Without checks: the quality gate's volume checks judge a
    day against the usual volume, which a company this small does not have (the gate has its own
    tests), and the comparison of whole warehouses covers what dbt's tests would."""
    facts = dg.AssetSelection.assets(*(dg.AssetKey(f.split("/")) for f in FACTS))
    selection = facts if facts_only else facts.upstream() - dg.AssetSelection.groups("landing")
    keys = selection.resolve(defs.resolve_asset_graph())
    return defs.resolve_job_def("refresh_all").get_subset(asset_selection=keys, asset_check_selection=set())

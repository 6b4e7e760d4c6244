"""dbt's command line in a subprocess, on a test's own warehouse file (DuckDB target)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_dbt(args: list[str], project: Path, warehouse: Path) -> subprocess.CompletedProcess[str]:
    """`dbt <args>` in `project` (its profiles.yml under dbt_project/) against `warehouse`."""
    env = {
        **os.environ,
        "DO_NOT_TRACK": "1",
        "DBT_PROFILES_DIR": str(project / "dbt_project"),
        "UPT_WAREHOUSE_PATH": str(warehouse),
        "UPT_DBT_TARGET": "duckdb",
    }
    dbt = Path(sys.executable).with_name("dbt")
    return subprocess.run([str(dbt), *args], cwd=project, env=env, capture_output=True, text=True)

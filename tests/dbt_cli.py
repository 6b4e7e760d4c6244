"""dbt's command line in a subprocess, on a test's own warehouse file (DuckDB target)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from orchestration.transform.project import dbt_env, dbt_executable


def run_dbt(args: list[str], project: Path, warehouse: Path) -> subprocess.CompletedProcess[str]:
    """`dbt <args>` in `project` (its profiles.yml under dbt_project/) against `warehouse`. dbt's
    artefacts and logs go beside the warehouse: the repository's target/ belongs to Dagster, and
    tests on other workers read it meanwhile."""
    env = {
        **os.environ,
        **dbt_env(),
        "DBT_PROFILES_DIR": str(project / "dbt_project"),
        "DBT_TARGET_PATH": str(warehouse.parent / "dbt-target"),
        "DBT_LOG_PATH": str(warehouse.parent / "dbt-logs"),
        "UPT_WAREHOUSE_PATH": str(warehouse),
        "UPT_DBT_TARGET": "duckdb",
    }
    return subprocess.run([dbt_executable(), *args], cwd=project, env=env, capture_output=True, text=True)

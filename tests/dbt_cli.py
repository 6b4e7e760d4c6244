"""dbt's command line in a subprocess, on a test's own warehouse file (DuckDB target)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from orchestration.settings import PROJECT_ROOT
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


def compile_inline(sql: str, warehouse: Path) -> str:
    """The SQL dbt renders for `sql` (Jinja: macros, relations) with the project's macros."""
    command = ["compile", "--inline", sql, "--output", "json", "--log-format", "json", "--quiet"]
    result = run_dbt(command, PROJECT_ROOT, warehouse)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return next(event["data"]["compiled"] for event in events if event["info"]["name"] == "CompiledNode")

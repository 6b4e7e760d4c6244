"""The one DbtProject of the code location, and keeping its manifest current."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.locking import machine_lock
from orchestration.settings import DBT_PROFILES_DIR, DBT_TARGET_DIR, PROJECT_ROOT, Settings

DBT_SOURCE_PATHS = ("dbt_project.yml", "dbt_project", "seeds")


def dbt_executable() -> str:
    """The dbt of this environment (next to the running Python), so no PATH set-up is needed."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def dbt_env() -> dict[str, str]:
    """Environment for dbt: no tracking, logs and artefacts inside the project."""
    return {
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_PROFILES_DIR": str(DBT_PROFILES_DIR),
        "DBT_LOG_PATH": str(PROJECT_ROOT / "dbt_project" / "logs"),
    }


def _newest_source_mtime() -> float:
    newest = 0.0
    for rel in DBT_SOURCE_PATHS:
        path = PROJECT_ROOT / rel
        files = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "target" in file.parts or "logs" in file.parts:
                continue
            newest = max(newest, file.stat().st_mtime)
    return newest


def ensure_manifest(manifest_path: Path) -> None:
    """Parse the dbt project when its manifest is missing or older than any model, seed or macro."""

    def is_current() -> bool:
        return manifest_path.exists() and manifest_path.stat().st_mtime >= _newest_source_mtime()

    if is_current():
        return
    # Processes that start together (test workers, a run and the UI) parse once, not at once
    # into the same target folder.
    with machine_lock("dbt-parse"):
        if is_current():
            return
        Settings.from_env().export_for_dbt()
        subprocess.run(
            [dbt_executable(), "parse", "--quiet"],
            cwd=PROJECT_ROOT,
            env={**os.environ, **dbt_env()},
            check=True,
        )


def build_dbt_project() -> DbtProject:
    os.environ.update(dbt_env())
    project = DbtProject(
        project_dir=PROJECT_ROOT,
        profiles_dir=DBT_PROFILES_DIR,
        target_path=DBT_TARGET_DIR,
        target=Settings.from_env().dbt_target,
    )
    ensure_manifest(project.manifest_path)
    return project

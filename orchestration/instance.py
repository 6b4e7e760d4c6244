"""Dagster's home folder inside the project: run history for the UI, telemetry off, one run at a
time.

Runs launched from the UI, a schedule or a sensor wait in Dagster's queue until the run before
them has finished (`max_concurrent_runs: 1`): the DuckDB warehouse has one writer at a time.
Runs started outside the queue (`python -m orchestration run`, tests) are kept apart by the
warehouse lock instead (orchestration/locking.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from orchestration.settings import PROJECT_ROOT

GENERATED_HEADER = "# Written by UPT."

DAGSTER_YAML = f"""\
{GENERATED_HEADER} Runs, logs and schedules of this project live in this folder.
# Delete this first line to keep your own edits: the file is then left alone.
telemetry:
  enabled: false
run_coordinator:
  module: dagster.core.run_coordinator
  class: QueuedRunCoordinator
  config:
    max_concurrent_runs: 1
"""


def ensure_dagster_home() -> Path:
    """Point DAGSTER_HOME at the project's folder (unless set) and make sure it is configured.

    A dagster.yaml this function wrote earlier is brought up to date; one edited by hand (its
    first line removed) is kept."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster_home")))
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    current = config.read_text() if config.exists() else None
    if current is None or (current.startswith(GENERATED_HEADER) and current != DAGSTER_YAML):
        config.write_text(DAGSTER_YAML)
    return home

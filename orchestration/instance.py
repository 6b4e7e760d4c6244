"""Dagster's home folder inside the project: run history for the UI, telemetry off."""

from __future__ import annotations

import os
from pathlib import Path

from orchestration.settings import PROJECT_ROOT

DAGSTER_YAML = """\
# Written by UPT. Runs, logs and schedules of this project live in this folder.
telemetry:
  enabled: false
"""


def ensure_dagster_home() -> Path:
    """Point DAGSTER_HOME at the project's folder (unless set) and make sure it is configured."""
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster_home")))
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML)
    return home

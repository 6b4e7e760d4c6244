"""Sensors: a refresh when new files land, and an alert when a run fails."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from orchestration.alerts import describe_failed_run, raise_alert
from orchestration.jobs import refresh_all_job
from orchestration.resources import LandingResource
from orchestration.schedules import automation_enabled

# A file modified more recently than this may still be being written: it waits for the next tick.
SETTLE_SECONDS = float(os.environ.get("UPT_LANDING_SETTLE_SECONDS", "30"))


@dataclass(frozen=True)
class LandingState:
    """What the sensor has seen of the landing folder: the newest modification time and the
    number of files (a file copied in with an old modification time still raises the count)."""

    newest_mtime: float = 0.0
    files: int = 0

    @classmethod
    def from_cursor(cls, cursor: str | None) -> LandingState:
        return cls(**json.loads(cursor)) if cursor else cls()

    def to_cursor(self) -> str:
        return json.dumps({"newest_mtime": self.newest_mtime, "files": self.files})

    def has_news_since(self, seen: LandingState) -> bool:
        return self.newest_mtime > seen.newest_mtime or self.files > seen.files


def scan_landing(landing_dir: Path, settled_before: float) -> LandingState:
    """The landing folder's settled export files (hidden and partial files left out)."""
    newest, count = 0.0, 0
    for root, dirs, files in os.walk(landing_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or name.endswith((".tmp", ".part")):
                continue
            mtime = os.stat(os.path.join(root, name)).st_mtime
            if mtime > settled_before:
                continue
            newest, count = max(newest, mtime), count + 1
    return LandingState(newest_mtime=newest, files=count)


@dg.sensor(
    name="landing_files",
    job=refresh_all_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING if automation_enabled() else dg.DefaultSensorStatus.STOPPED,
    description="Starts refresh_all when new export files have landed in the landing folder.",
)
def landing_files_sensor(context: dg.SensorEvaluationContext, landing: LandingResource) -> dg.SensorResult:
    seen = LandingState.from_cursor(context.cursor)
    now = scan_landing(landing.path, settled_before=time.time() - SETTLE_SECONDS)
    if not now.has_news_since(seen):
        return dg.SensorResult(
            skip_reason=f"No new files in {landing.path} ({now.files} file(s) seen).",
            cursor=now.to_cursor(),
        )
    context.log.info(f"New landing files: {now.files} settled file(s), {seen.files} at the last run request.")
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                run_key=f"landing-{now.newest_mtime:.6f}-{now.files}",
                tags={"upt/trigger": "landing_files"},
            )
        ],
        cursor=now.to_cursor(),
    )


@dg.run_failure_sensor(
    name="alert_on_run_failure",
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Records an alert (log, alerts file, webhook) naming the failed run, steps and error.",
)
def alert_on_run_failure(context: dg.RunFailureSensorContext) -> None:
    alert = describe_failed_run(context.instance, context.dagster_run, context.failure_event.message or "")
    raise_alert(alert, context.log)


def build_sensors() -> list[dg.SensorDefinition]:
    return [landing_files_sensor, alert_on_run_failure]

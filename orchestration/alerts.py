"""Alerts about failed runs: what failed, where a person sees it.

Each alert is written three ways, so it reaches someone whatever is set up: an error line in the
Dagster log, a JSON line appended to the alerts file (`UPT_ALERTS_FILE`, default
`<UPT_DATA_DIR>/alerts/alerts.jsonl`), and, when `UPT_ALERT_WEBHOOK_URL` is set, the same JSON
POSTed to that URL (a chat or incident tool's incoming webhook).
"""

from __future__ import annotations

import json
import logging
import os
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from orchestration.settings import PROJECT_ROOT, _path_from_env

WEBHOOK_ENV = "UPT_ALERT_WEBHOOK_URL"
WEBHOOK_TIMEOUT_SECONDS = 10


def alerts_path() -> Path:
    data = _path_from_env("UPT_DATA_DIR", PROJECT_ROOT / "data")
    return _path_from_env("UPT_ALERTS_FILE", data / "alerts" / "alerts.jsonl")


@dataclass(frozen=True)
class RunFailureAlert:
    run_id: str
    job_name: str
    error: str
    failed_steps: list[str] = field(default_factory=list)
    failed_assets: list[str] = field(default_factory=list)
    run_url: str = ""
    raised_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def summary(self) -> str:
        where = ", ".join(self.failed_assets or self.failed_steps) or "the run itself"
        return f"Run {self.run_id} of {self.job_name} failed at {where}: {self.error}"


def describe_failed_run(instance: dg.DagsterInstance, run: dg.DagsterRun, run_error: str) -> RunFailureAlert:
    """What failed in a run, from its event log: the failed steps, the assets they were to
    materialise and did not, and each step's error (the run's own error when no step failed)."""
    step_errors: dict[str, str] = {}
    for record in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_FAILURE):
        event = record.dagster_event
        error = event.step_failure_data.error if event and event.step_failure_data else None
        step_errors[event.step_key] = error.message.strip() if error else record.message
    planned: dict[str, set[str]] = {}
    for record in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED):
        event = record.dagster_event
        planned.setdefault(event.step_key, set()).add(event.asset_key.to_user_string())
    materialized = {
        record.dagster_event.asset_key.to_user_string()
        for record in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION)
    }
    failed_assets = sorted(
        key for step in step_errors for key in planned.get(step, set()) if key not in materialized
    )
    errors = [f"{step}: {message}" for step, message in step_errors.items()]
    base_url = os.environ.get("UPT_DAGSTER_URL", "http://127.0.0.1:3000").rstrip("/")
    return RunFailureAlert(
        run_id=run.run_id,
        job_name=run.job_name,
        error=" | ".join(errors) or run_error,
        failed_steps=sorted(step_errors),
        failed_assets=failed_assets,
        run_url=f"{base_url}/runs/{run.run_id}",
    )


def raise_alert(alert: RunFailureAlert, log: logging.Logger | dg.DagsterLogManager) -> None:
    """Log the alert, append it to the alerts file and POST it to the webhook if one is set. A
    webhook that cannot be reached is logged, never raised: the file still has the alert."""
    log.error(f"ALERT {alert.summary} ({alert.run_url})")
    payload = {"type": "run_failure", "summary": alert.summary, **asdict(alert)}
    path = alerts_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as sink:
        sink.write(json.dumps(payload, ensure_ascii=False) + "\n")
    url = os.environ.get(WEBHOOK_ENV)
    if not url:
        return
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:
            log.info(f"Alert sent to the webhook ({response.status}).")
    except (urllib.error.URLError, TimeoutError) as exc:
        log.error(f"The alert webhook {url} could not be reached: {exc}. The alert is in {path}.")

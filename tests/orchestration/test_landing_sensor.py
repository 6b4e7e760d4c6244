"""The landing sensor evaluated on a real landing folder: a run request when files have landed,
none when nothing is new, and none for a file still being written."""

from __future__ import annotations

import os
import time
from pathlib import Path

import dagster as dg

from orchestration.resources import LandingResource
from orchestration.sensors import SETTLE_SECONDS, landing_files_sensor


def _landed(path: Path, content: str, age_seconds: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    stamp = time.time() - age_seconds
    os.utime(path, (stamp, stamp))
    return path


def _evaluate(landing: Path, cursor: str | None) -> dg.SensorResult:
    resources = {"landing": LandingResource(landing_dir=str(landing))}
    context = dg.build_sensor_context(cursor=cursor, resources=resources)
    return landing_files_sensor(context)


def test_new_files_start_one_refresh_and_nothing_new_starts_none(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    settled = SETTLE_SECONDS + 60
    _landed(landing / "oms" / "orders" / "orders_20250301.csv", "order_id\n1\n", settled + 120)
    _landed(landing / "oms" / "orders" / "orders_20250302.csv", "order_id\n2\n", settled + 60)

    first = _evaluate(landing, None)
    assert [r.job_name or "refresh_all" for r in first.run_requests] == ["refresh_all"]
    assert first.run_requests[0].tags["upt/trigger"] == "landing_files"

    again = _evaluate(landing, first.cursor)
    assert again.run_requests == [] and "No new files" in again.skip_reason.skip_message

    # A file copied in keeping an older modification time is still news: there are more files.
    _landed(landing / "web" / "sessions" / "sessions_20250228.parquet", "x", settled + 500)
    copied = _evaluate(landing, again.cursor)
    assert len(copied.run_requests) == 1
    assert copied.run_requests[0].run_key != first.run_requests[0].run_key

    # A file modified just now may still be being written: it waits for a later tick.
    _landed(landing / "oms" / "orders" / "orders_20250303.csv", "order_id\n3\n", 0)
    _landed(landing / "oms" / "orders" / ".orders_20250304.csv", "partial", settled)
    writing = _evaluate(landing, copied.cursor)
    assert writing.run_requests == []

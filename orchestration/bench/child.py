"""Run one stage in a child process and measure it from outside: wall time, and the peak resident
memory of the child and of everything it waited for (the dbt process, for one), from os.wait4."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orchestration.settings import PROJECT_ROOT


class StageError(RuntimeError):
    """A stage's process failed; the message names the stage and the end of its log."""


@dataclass(frozen=True)
class StageResult:
    name: str
    seconds: float
    peak_mb: float
    rows: int
    figures: dict[str, Any] = field(default_factory=dict)


def run_stage(
    label: str, stage: str, params: dict[str, Any], env: dict[str, str], work_dir: Path
) -> StageResult:
    """`python -m orchestration.bench.stages` for one stage; its output goes to `<label>.log`."""
    result_path = work_dir / f"{label}.json"
    log_path = work_dir / f"{label}.log"
    result_path.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "orchestration.bench.stages",
        stage,
        json.dumps(params),
        str(result_path),
    ]
    with log_path.open("w") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        # wait4, not wait: its resource usage covers the child and the grandchildren it reaped.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0 or not result_path.exists():
        tail = log_path.read_text()[-3000:]
        raise StageError(f"stage {label} exited with {process.returncode}; end of {log_path}:\n{tail}")
    figures = json.loads(result_path.read_text())
    # Kept beside the stage's own figures, so a kept work folder holds every measurement.
    result_path.write_text(
        json.dumps({**figures, "wall_seconds": seconds, "peak_mb": usage.ru_maxrss / 1024})
    )
    return StageResult(
        name=label,
        seconds=seconds,
        peak_mb=usage.ru_maxrss / 1024,  # KiB on Linux
        rows=int(figures.get("rows", 0)),
        figures=figures,
    )

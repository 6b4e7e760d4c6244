"""Runs the facts' part of refresh_all in this process, as a second scheduler or an operator
would, and prints the outcome as JSON. The concurrency test starts two of these at once.

    python -m tests.orchestration.run_job --ready FILE --go FILE

It builds the definitions, touches `--ready`, and starts the run as soon as `--go` exists, so
both processes start their runs together. Settings come from the UPT_* environment variables.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import dagster as dg

from orchestration.locking import warehouse_lock
from orchestration.settings import Settings
from tests.orchestration.helpers import fact_job, warehouse_fingerprints


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ready", type=Path, required=True)
    parser.add_argument("--go", type=Path, required=True)
    args = parser.parse_args()
    from orchestration.definitions import build_definitions

    defs = build_definitions()
    job = fact_job(defs)
    args.ready.touch()
    while not args.go.exists():
        time.sleep(0.05)
    result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    warehouse = Settings.from_env().warehouse_path
    with warehouse_lock(warehouse, "fingerprint of the finished run"):
        fingerprints = warehouse_fingerprints(warehouse)
    print(json.dumps({"success": result.success, "run_id": result.run_id, "fingerprints": fingerprints}))


if __name__ == "__main__":
    main()

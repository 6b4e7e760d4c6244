"""Turning the gate's records into what the site shows, and republishing the data-trust page.

When a check blocks, nothing downstream of it runs, so the report pages are not rebuilt; the
check itself calls `publish_verdict`, which republishes the last good site with only its
data-trust page (and the banner's status file) replaced.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg

from orchestration.quality_gate import GX_CHECK_PREFIX
from orchestration.quality_gate.records import DBT, CheckRecord, GateRecords
from reports.engine.site import publish_trust_update


def trust_tables(records: list[CheckRecord]) -> dict[str, list[dict[str, Any]]]:
    """The records as the data-trust page's tables (see reports/engine/trust.py)."""
    checks, failures, expectations = [], [], []
    for record in records:
        checks.append(
            {
                "check_name": record.name,
                "kind": record.kind,
                "asset": record.asset,
                "relation": record.relation,
                "passed": record.passed,
                "summary": record.summary,
                "checked_at": record.checked_at,
                "failing_since": record.failing_since,
                "row_count": record.row_count,
                "freshest": record.freshest,
                "warning_count": len(record.warnings),
            }
        )
        if not record.passed and not record.failures:
            failures.append(
                {
                    "check_name": record.name,
                    "relation": record.relation,
                    "severity": "critical",
                    "message": record.summary,
                    "failing_since": record.failing_since,
                }
            )
        for failure in record.failures:
            failures.append(
                {
                    "check_name": record.name,
                    "relation": record.relation,
                    "severity": failure.severity,
                    "message": failure.message,
                    "column_name": failure.column,
                    "unexpected_count": failure.unexpected_count,
                    "element_count": failure.element_count,
                    "sample_values": "; ".join(failure.sample_values),
                    "failing_since": record.failing_since,
                }
            )
        for detail in record.details:
            expectations.append({"check_name": record.name, "relation": record.relation, **detail})
    return {"quality_checks": checks, "quality_failures": failures, "quality_expectations": expectations}


def publish_verdict(
    log: dg.DagsterLogManager, site_dir: Path, warehouse_path: Path, records: GateRecords
) -> None:
    """Republish the last good site with the data-trust page telling what failed."""
    everything = records.all()
    try:
        result = publish_trust_update(site_dir, warehouse_path, trust_tables(everything))
    except Exception as exc:  # the check's own failure is what matters; say why the page lags
        log.warning(f"Could not update the data-trust page of the published site: {exc}")
        return
    if result is None:
        log.warning("No site is published yet, so there is no data-trust page to update.")
    else:
        log.info(
            f"The last good site stays published; its data-trust page names the failure: {result.release_dir}"
        )


def dbt_tests_record(instance: dg.DagsterInstance, run_id: str) -> CheckRecord | None:
    """The dbt tests of a run (Dagster asset checks not written by the gate's suites) as one
    record, so the data-trust page shows them beside the GX suites. None when the run had none."""
    records = instance.get_records_for_run(
        run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION, limit=100_000
    ).records
    evaluations = [
        r.event_log_entry.dagster_event.event_specific_data
        for r in records
        if r.event_log_entry.dagster_event is not None
    ]
    # A check evaluated twice in a run (e.g. by a partitioned step after the main build) counts once.
    latest = {
        (e.asset_key, e.check_name): e for e in evaluations if not e.check_name.startswith(GX_CHECK_PREFIX)
    }
    dbt = list(latest.values())
    if not dbt:
        return None
    failed = sorted(f"{e.asset_key.to_user_string()}: {e.check_name}" for e in dbt if not e.passed)
    summary = (
        f"All {len(dbt)} dbt tests passed."
        if not failed
        else f"{len(failed)} of {len(dbt)} dbt tests failed: {'; '.join(failed[:5])}"
    )
    return CheckRecord(
        name="dbt_tests",
        kind=DBT,
        asset="dbt",
        relation="dbt tests",
        passed=not failed,
        summary=summary,
        row_count=len(dbt),
        run_id=run_id,
    )

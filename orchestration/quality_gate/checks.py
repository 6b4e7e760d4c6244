"""Each GX suite becomes a blocking asset check on the asset whose table it protects.

A blocking check that fails stops every asset downstream of the protected one in the same run:
bad raw data never reaches staging, the marts or the report pages. Every outcome is recorded for
the data-trust page; a blocking failure republishes that page at once (see verdict.py).
"""

from pathlib import Path

import dagster as dg

from orchestration.quality_gate import gx_check_name
from orchestration.quality_gate.records import GX, CheckRecord, FailureDetail, GateRecords
from orchestration.quality_gate.verdict import publish_verdict
from orchestration.resources import SiteResource, WarehouseResource
from orchestration.settings import Settings
from quality.runner import SuiteOutcome, suite_context, validate_suite
from quality.suites import ALL_SUITES, SuiteContext, SuiteSpec

# One reference time per run, so every suite of a run is judged against the same moment.
_RUN_CONTEXTS: dict[str, SuiteContext] = {}


def gate_records() -> GateRecords:
    return GateRecords(Settings.from_env().quality_dir / "checks")


def _suite_context(run_id: str, url: str, records: GateRecords) -> SuiteContext:
    if run_id not in _RUN_CONTEXTS:
        _RUN_CONTEXTS.clear()
        _RUN_CONTEXTS[run_id] = suite_context(url, records.last_good_row_counts())
    return _RUN_CONTEXTS[run_id]


def suite_record(spec: SuiteSpec, outcome: SuiteOutcome, run_id: str | None) -> CheckRecord:
    """A suite's outcome as the gate's record."""
    failures = tuple(
        FailureDetail(
            check=f.expectation,
            severity=f.severity,
            message=f.describe(),
            column=f.column,
            unexpected_count=f.unexpected_count,
            element_count=f.element_count,
            sample_values=tuple(f.sample_values),
        )
        for f in outcome.failures
    )
    blocking = [f for f in outcome.failures if f.blocks]
    summary = (
        "; ".join(f.describe() for f in blocking)
        if blocking
        else f"All {len(outcome.outcomes)} expectations met"
        + (f" ({len(failures)} warning(s))" if failures else "")
        + "."
    )
    details = tuple(
        {
            "part": o.part,
            "expectation": o.expectation,
            "column_name": o.column,
            "severity": o.severity,
            "success": o.success,
            "unexpected_count": o.unexpected_count,
            "element_count": o.element_count,
            "observed": o.observed,
        }
        for o in outcome.outcomes
    )
    return CheckRecord(
        name=gx_check_name(spec.name),
        kind=GX,
        asset="/".join(spec.asset_key),
        relation=spec.relation,
        passed=outcome.passed,
        summary=summary,
        checked_at=outcome.validated_at,
        failures=failures,
        row_count=outcome.row_count,
        freshest=outcome.freshest,
        run_id=run_id,
        details=details,
    )


def build_suite_check(spec: SuiteSpec) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(list(spec.asset_key)),
        name=gx_check_name(spec.name),
        description=f"Great Expectations suite `{spec.name}` on `{spec.relation}`: {spec.description}",
        blocking=True,
    )
    def _check(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource, site: SiteResource
    ) -> dg.AssetCheckResult:
        records = gate_records()
        url = warehouse.sqlalchemy_url()
        outcome = validate_suite(spec, url, _suite_context(context.run.run_id, url, records))
        record = records.save(suite_record(spec, outcome, context.run.run_id))
        for failure in outcome.failures:
            log = context.log.error if failure.blocks else context.log.warning
            log(f"{spec.relation}: {failure.describe()}")
        if not outcome.passed:
            publish_verdict(context.log, site.path, Path(warehouse.path), records)
        return dg.AssetCheckResult(
            passed=outcome.passed,
            severity=dg.AssetCheckSeverity.ERROR,
            description=record.summary,
            metadata={
                "relation": spec.relation,
                "expectations": len(outcome.outcomes),
                "failed_critical": sum(1 for f in outcome.failures if f.blocks),
                "failed_warning": sum(1 for f in outcome.failures if not f.blocks),
                "row_count": outcome.row_count or 0,
                "seconds": outcome.seconds,
                "failing_since": record.failing_since or "",
            },
        )

    return _check


def build_quality_checks() -> list[dg.AssetChecksDefinition]:
    return [build_suite_check(spec) for spec in ALL_SUITES]

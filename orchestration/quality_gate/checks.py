"""Each GX suite becomes a blocking asset check on the asset whose table it protects.

A blocking check that fails stops every asset downstream of the protected one in the same run:
bad raw data never reaches staging, the marts or the report pages.
"""

import dagster as dg

from orchestration.resources import WarehouseResource
from quality.suites import ALL_SUITES, SuiteSpec


def build_suite_check(spec: SuiteSpec) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(list(spec.asset_key)),
        name=f"gx_{spec.name}",
        description=f"Great Expectations suite `{spec.name}` on `{spec.relation}`: {spec.description}",
        blocking=True,
    )
    def _check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
        from quality.runner import validate_suite

        outcome = validate_suite(spec, warehouse.sqlalchemy_url())
        failures = outcome.failures
        for failure in failures:
            log = context.log.error if failure.blocks else context.log.warning
            log(f"{spec.relation}: {failure.describe()}")
        return dg.AssetCheckResult(
            passed=outcome.passed,
            severity=dg.AssetCheckSeverity.ERROR,
            description="; ".join(f.describe() for f in failures) or "All expectations met.",
            metadata={
                "relation": spec.relation,
                "expectations": len(outcome.outcomes),
                "failed_critical": sum(1 for f in failures if f.blocks),
                "failed_warning": sum(1 for f in failures if not f.blocks),
            },
        )

    return _check


def build_quality_checks() -> list[dg.AssetChecksDefinition]:
    return [build_suite_check(spec) for spec in ALL_SUITES]

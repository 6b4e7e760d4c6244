"""Suites on the scorecard marts the report pages read.

Column types come from the models' enforced contracts (the dbt YAML), so the suite and the model
cannot disagree. A failing mart suite blocks the report pages: the last good site stays published.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import cache
from pathlib import Path

import yaml

from quality.suites import builders as b
from quality.suites.raw_rules import regions
from quality.suites.spec import SuiteContext, SuitePart, SuiteSpec

SCORECARD_MODELS = (
    Path(__file__).resolve().parents[2]
    / "dbt_project"
    / "models"
    / "marts"
    / "scorecard"
    / "_scorecard__models.yml"
)
SCHEMA = "scorecard"
STATUSES = ("amber", "green", "grey", "red")
GRAINS = ("day", "month", "quarter", "week")
SCOPES = ("customer", "financial", "internal_process", "learning_growth", "overall")
PROGRESS_STATUSES = ("achieved", "at risk", "no data", "on track")
# The marts are rebuilt each run; the reporting date should follow the sources closely.
REPORTING_LAG = timedelta(days=3)


@cache
def contract_columns(model: str) -> dict[str, str]:
    """Column name → data type of a scorecard model's enforced contract."""
    doc = yaml.safe_load(SCORECARD_MODELS.read_text())
    [spec] = [m for m in doc["models"] if m["name"] == model]
    return {column["name"]: column["data_type"] for column in spec["columns"]}


def _kpi_values(context: SuiteContext) -> list:
    return [
        *b.not_null(["kpi_value_id", "kpi_id", "period_grain", "period_start", "region_code", "status"]),
        b.unique(["kpi_value_id"]),
        b.unique(["kpi_id", "period_grain", "period_start", "org_unit_id", "region_code"]),
        b.in_set("period_grain", GRAINS),
        b.in_set("status", STATUSES),
        b.in_set("region_code", (*regions(), "ALL")),
        b.between("score", 0, 10),
        b.ordered("period_end", "period_start"),
        b.fresh("as_of_date", "date", REPORTING_LAG, context),
    ]


def _scorecard(context: SuiteContext) -> list:
    return [
        *b.not_null(["scorecard_id", "scorecard_scope", "period_grain", "period_start", "status"]),
        b.unique(["scorecard_id"]),
        b.in_set("scorecard_scope", SCOPES),
        b.in_set("status", STATUSES),
        b.between("score", 0, 10),
        *(b.at_least(c, 0) for c in ("kpi_count", "green_count", "amber_count", "red_count", "grey_count")),
    ]


def _okr_progress(context: SuiteContext) -> list:
    return [
        *b.not_null(["key_result_id", "objective_id", "kpi_id", "quarter_start", "progress_status"]),
        b.unique(["key_result_id"]),
        b.in_set("progress_status", PROGRESS_STATUSES),
    ]


def mart_suite(model: str, description: str, rules: Callable[[SuiteContext], list]) -> SuiteSpec:
    name = f"{SCHEMA}_{model}"

    def build(context: SuiteContext) -> list[SuitePart]:
        return [
            b.column_types_part(SCHEMA, model, contract_columns(model)),
            SuitePart(
                label="rows",
                query=f"select * from {SCHEMA}.{model}",
                expectations=[*b.rows_kept(name, context), *rules(context)],
            ),
        ]

    return SuiteSpec(
        name=name,
        schema=SCHEMA,
        table=model,
        asset_key=(SCHEMA, model),
        description=description,
        build=build,
        freshness_column="as_of_date" if model == "fct_kpi_values" else None,
    )


def mart_suites() -> tuple[SuiteSpec, ...]:
    return (
        mart_suite(
            "fct_kpi_values",
            "The KPI mart: contract types, one row per KPI, grain, period, org unit and region, known "
            "statuses, scores 0–10, no collapse against the last good build, a recent reporting date.",
            _kpi_values,
        ),
        mart_suite(
            "fct_scorecard",
            "Perspective and overall scores: contract types, unique rows, known scopes and statuses, "
            "scores 0–10, no collapse against the last good build.",
            _scorecard,
        ),
        mart_suite(
            "fct_okr_progress",
            "OKR progress: contract types, one row per key result, known progress statuses, no collapse "
            "against the last good build.",
            _okr_progress,
        ),
    )

"""A tiny warehouse holding only the marts the report pages read, for fast report tests.

The scorecard marts take their columns from the dbt contract (_scorecard__models.yml), so a
renamed column fails here as it would in the pipeline. The data covers the shapes pages must
handle: three months, regions, every direction, a KPI without data, a perspective and a
department without KPIs, and a strategy link to a KPI outside the catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import duckdb
import yaml

CONTRACT = Path(__file__).resolve().parents[2] / "dbt_project/models/marts/scorecard/_scorecard__models.yml"
INSIGHTS_CONTRACT = CONTRACT.parents[1] / "insights/_insights__models.yml"
MONTHS = (dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1))
AS_OF = dt.date(2025, 3, 15)

# kpi_id, name, perspective, org unit, owner, unit, direction, monthly actuals, target, tolerance
KPIS = [
    ("revenue", "Revenue", "financial", "sales", "Head of Sales", "USD", "higher_is_better",
     (950.0, 1040.0, 610.0), 1000.0, 0.05),
    ("gross_margin_pct", "Gross margin", "financial", "finance", "Chief Financial Officer", "%",
     "higher_is_better", (0.41, 0.39, 0.43), 0.40, 0.05),
    ("opex_vs_budget", "Operating expenses vs budget", "financial", "finance", "Chief Financial Officer",
     "%", "target_band", (0.97, 1.08, 1.01), None, 0.05),
    ("csat_score", "Customer satisfaction", "customer", "customer_service", "Head of Customer Service",
     "score", "higher_is_better", (4.1, 4.3, 4.0), 4.2, 0.05),
    ("nps", "Net promoter score", "customer", "customer_service", "Head of Customer Service", "points",
     "higher_is_better", None, 40.0, 0.1),
    ("fulfilment_time_hours", "Fulfilment time", "internal_process", "operations", "Head of Operations",
     "hours", "lower_is_better", (30.0, 26.0, 22.0), 24.0, 0.1),
]  # fmt: skip
ORG_UNITS = [
    ("company", "Company", None, 0, "Chief Executive Officer"),
    ("sales", "Sales", "company", 1, "Head of Sales"),
    ("finance", "Finance", "company", 1, "Chief Financial Officer"),
    ("customer_service", "Customer Service", "company", 1, "Head of Customer Service"),
    ("operations", "Operations", "company", 1, "Head of Operations"),
    ("people", "People", "company", 1, "Head of People"),
]
LINKS = [
    ("fulfilment_time_hours", "csat_score", -1, "Slow fulfilment lowers satisfaction."),
    ("csat_score", "revenue", 1, "Satisfied customers come back."),
    ("nps", "csat_score", 1, "A link within one perspective."),
    ("conversion_rate", "revenue", 1, "A KPI not in the catalogue yet."),
]
REGIONS = {"EU-N": 0.6, "NA-E": 0.4}
CHANNELS = ("online", "store")


def _status(actual: float, target: float | None, direction: str, tolerance: float) -> str:
    if target is None:
        return "green" if 0.95 <= actual <= 1.05 else "amber" if 0.9 <= actual <= 1.1 else "red"
    miss = (target - actual) if direction == "higher_is_better" else (actual - target)
    return "green" if miss <= 0 else "amber" if miss <= abs(target) * tolerance else "red"


def _contract_ddl(model: str, contract: Path = CONTRACT) -> str:
    models = yaml.safe_load(contract.read_text(encoding="utf-8"))["models"]
    columns = next(m for m in models if m["name"] == model)["columns"]
    return ", ".join(f"{c['name']} {c.get('data_type', 'varchar')}" for c in columns)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    for row in rows:
        names = ", ".join(row)
        con.execute(f"insert into {table} ({names}) values ({', '.join('?' * len(row))})", list(row.values()))


def build_mart_warehouse(path: Path, name: Callable[[str], str] = str) -> Path:
    """Write the warehouse; `name` decorates every name a page shows (the escaping tests use it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        for schema in ("core", "scorecard", "sales"):
            con.execute(f"create schema {schema}")
        con.execute(
            "create table core.dim_kpi (kpi_id varchar, kpi_name varchar, perspective varchar,"
            " department varchar, org_unit_id varchar, owner_role varchar, unit varchar, direction varchar,"
            " aggregation varchar, numerator_measure varchar, denominator_measure varchar,"
            " scale_factor double, kpi_description varchar)"
        )
        for kpi_id, kpi_name, perspective, org, owner, unit, direction, *_ in KPIS:
            con.execute(
                "insert into core.dim_kpi values (?, ?, ?, ?, ?, ?, ?, ?, 'sum', 'm', null, 1, ?)",
                [kpi_id, name(kpi_name), perspective, org, org, name(owner), unit, direction,
                 name(f"What {kpi_name} measures.")],
            )  # fmt: skip
        con.execute(
            "create table core.dim_org_unit (org_unit_id varchar, org_unit_name varchar,"
            " parent_org_unit_id varchar, org_unit_level integer, head_role varchar)"
        )
        for org, org_name, parent, level, head in ORG_UNITS:
            con.execute(
                "insert into core.dim_org_unit values (?, ?, ?, ?, ?)",
                [org, name(org_name), parent, level, name(head)],
            )
        con.execute(
            "create table core.dim_strategy_link (strategy_link_id varchar, cause_kpi_id varchar,"
            " effect_kpi_id varchar, expected_sign integer, lag_days integer, rationale varchar)"
        )
        for cause, effect, sign, why in LINKS:
            con.execute(
                "insert into core.dim_strategy_link values (?, ?, ?, ?, 0, ?)",
                [f"{cause}>{effect}", cause, effect, sign, name(why)],
            )
        con.execute(f"create table scorecard.fct_kpi_values ({_contract_ddl('fct_kpi_values')})")
        con.execute(f"create table scorecard.fct_scorecard ({_contract_ddl('fct_scorecard')})")
        _insert(con, "scorecard.fct_kpi_values", _kpi_rows())
        _insert(con, "scorecard.fct_scorecard", _scorecard_rows())
        con.execute(f"create table scorecard.fct_okr_progress ({_contract_ddl('fct_okr_progress')})")
        _insert(con, "scorecard.fct_okr_progress", _okr_rows(name))
        # the insights marts, empty: their pages must say so rather than fail
        con.execute("create schema insights")
        for model in yaml.safe_load(INSIGHTS_CONTRACT.read_text(encoding="utf-8"))["models"]:
            con.execute(
                f"create table insights.{model['name']} ({_contract_ddl(model['name'], INSIGHTS_CONTRACT)})"
            )
        con.execute(
            "create table sales.fct_orders (order_id varchar, customer_id varchar, store_id varchar,"
            " order_date date, channel varchar, region_code varchar, currency_code varchar,"
            " order_status varchar, is_cancelled boolean, ordered_at timestamp, order_total_local double,"
            " usd_per_unit double, order_total_usd double)"
        )
        for index in range(24):
            day = MONTHS[index % 3] + dt.timedelta(days=index)
            con.execute(
                "insert into sales.fct_orders values (?, 'C', 'S', ?, ?, ?, 'USD', 'placed', ?, ?, ?, 1, ?)",
                [f"SO-{index}", day, name(CHANNELS[index % 2]), list(REGIONS)[index % 2], index == 5,
                 dt.datetime.combine(day, dt.time(12)), 40.0 + index, 40.0 + index],
            )  # fmt: skip
    finally:
        con.close()
    return path


def _month_end(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _kpi_rows() -> list[dict]:
    rows = []
    for kpi_id, _, perspective, org, _, _, direction, actuals, target, tolerance in KPIS:
        for month, actual in zip(MONTHS, actuals or (), strict=False):
            for region, share in {"ALL": 1.0, **REGIONS}.items():
                if region != "ALL" and kpi_id != "revenue":
                    continue
                value, goal = actual * share, target * share if target is not None else None
                rows.append(
                    {
                        "kpi_value_id": f"{kpi_id}|{month}|{region}",
                        "kpi_id": kpi_id,
                        "period_grain": "month",
                        "period_start": month,
                        "period_end": min(AS_OF, _month_end(month)),
                        "org_unit_id": org,
                        "region_code": region,
                        "perspective": perspective,
                        "direction": direction,
                        "is_complete_period": month < MONTHS[-1],
                        "is_stale": False,
                        "as_of_date": AS_OF,
                        "actual_value": value,
                        "target_value": goal,
                        "target_low": 0.95 if goal is None else None,
                        "target_high": 1.05 if goal is None else None,
                        "tolerance_pct": tolerance,
                        "variance_pct": (value - goal) / abs(goal) if goal else None,
                        "status": _status(value, goal, direction, tolerance) if region != "EU-N" else "red",
                        "score": 8.0 + MONTHS.index(month),
                    }
                )  # fmt: skip
    return rows


def _okr_rows(name: Callable[[str], str]) -> list[dict]:
    """One objective with a key result achieved, one at risk and one without data this quarter."""
    quarter = MONTHS[0]
    rows = [
        ("grow", "Grow profitably", "grow-revenue", "Revenue reaches 3,000 USD", "revenue", 2000.0, 3000.0,
         2600.0, 0.6, "at risk"),
        ("grow", "Grow profitably", "grow-margin", "Gross margin reaches 40 %", "gross_margin_pct", 0.35,
         0.40, 0.43, 1.0, "achieved"),
        ("promise", "Keep our promise", "promise-csat", "CSAT reaches 4.5", "csat_score", 4.0, 4.5, None,
         None, "no data"),
    ]  # fmt: skip
    return [
        {
            "key_result_id": kr_id,
            "objective_id": objective_id,
            "kpi_id": kpi_id,
            "quarter_start": quarter,
            "objective": name(objective),
            "key_result": name(key_result),
            "owner_role": "Head of Sales",
            "is_complete_period": False,
            "latest_data_date": AS_OF if actual is not None else None,
            "baseline_value": baseline,
            "target_value": target,
            "actual_value": actual,
            "progress": progress,
            "progress_status": state,
        }
        for objective_id, objective, kr_id, key_result, kpi_id, baseline, target, actual, progress, state in (
            rows
        )
    ]


def _scorecard_rows() -> list[dict]:
    scopes = [("company", s) for s in ("overall", "financial", "customer", "internal_process")]
    scopes += [(org, "overall") for org in ("sales", "finance", "customer_service", "operations")]
    statuses = ("red", "amber", "green")
    return [
        {
            "scorecard_id": f"{org}|{scope}|{month}",
            "org_unit_id": org,
            "scorecard_scope": scope,
            "period_grain": "month",
            "period_start": month,
            "score": 7.5 + index + len(scope) / 20,
            "status": statuses[index],
            "kpi_count": 2,
            "green_count": index,
            "amber_count": 1,
            "red_count": 1 - min(index, 1),
            "grey_count": 0,
        }
        for org, scope in scopes
        for index, month in enumerate(MONTHS)
    ]

"""Adding a KPI is one catalogue row (plus a target) when an existing measure fits: the new KPI
appears in the KPI mart and is scored in the scorecard."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb

from orchestration.ingest.contracts import load_contracts
from orchestration.ingest.loader import load_table
from orchestration.settings import PROJECT_ROOT
from tests.dbt_cli import run_dbt
from tests.landing_files import write_small_order_history


def _copy_project(target: Path) -> Path:
    project = target / "project"
    project.mkdir()
    shutil.copy(PROJECT_ROOT / "dbt_project.yml", project)
    shutil.copytree(PROJECT_ROOT / "seeds", project / "seeds")
    shutil.copytree(
        PROJECT_ROOT / "dbt_project", project / "dbt_project", ignore=shutil.ignore_patterns("target", "logs")
    )
    return project


def _append_row(path: Path, row: dict[str, str]) -> None:
    with path.open(newline="") as handle:
        header = next(csv.reader(handle))
    with path.open("a", newline="") as handle:
        csv.DictWriter(handle, fieldnames=header, lineterminator="\n").writerow(row)


def test_a_new_catalogue_row_reaches_the_kpi_mart_and_the_scorecard(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    _append_row(
        project / "seeds" / "kpi_catalogue.csv",
        {
            "kpi_id": "orders_count",
            "kpi_name": "Orders",
            "perspective": "customer",
            "department": "sales",
            "org_unit_id": "sales",
            "owner_role": "Head of Sales",
            "unit": "orders",
            "direction": "higher_is_better",
            "aggregation": "sum",
            "numerator_measure": "orders_placed",
            "denominator_measure": "",
            "scale_factor": "1",
            "description": "Orders placed and not cancelled.",
        },
    )
    _append_row(
        project / "seeds" / "kpi_targets.csv",
        {
            "kpi_id": "orders_count",
            "org_unit_id": "sales",
            "region_code": "ALL",
            "valid_from": "2025-01-01",
            "valid_to": "2025-12-31",
            "target_value": "155",
            "target_low": "",
            "target_high": "",
            "tolerance_pct": "0.1",
        },
    )
    landing = tmp_path / "landing"
    write_small_order_history(landing)
    warehouse = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))
    for system in load_contracts():  # every raw table exists; only the order system has files
        for table in system.tables:
            load_table(con, table, landing)
    con.close()

    build = run_dbt(["build", "--exclude", "test_type:unit", "--quiet"], project, warehouse)
    assert build.returncode == 0, build.stdout[-3000:]

    con = duckdb.connect(str(warehouse), read_only=True)
    january = con.execute(
        "select actual_value, target_value, status from scorecard.fct_kpi_values "
        "where kpi_id = 'orders_count' and period_grain = 'month' and region_code = 'ALL' "
        "and period_start = date '2025-01-01'"
    ).fetchone()
    scorecard_count = con.execute(
        "select kpi_count from scorecard.fct_scorecard where org_unit_id = 'company' "
        "and scorecard_scope = 'customer' and period_grain = 'month' and period_start = date '2025-01-01'"
    ).fetchone()
    customer_kpis = {
        row[0]
        for row in con.execute(
            "select kpi_id from scorecard.fct_kpi_values where perspective = 'customer' "
            "and period_grain = 'month' and region_code = 'ALL' and period_start = date '2025-01-01'"
        ).fetchall()
    }
    con.close()
    # January in UTC holds SO-1, SO-2, SO-3 and SO-5 (SO-4 is cancelled; SO-6 is already Feb 1 in
    # UTC). January is complete, so its target is the whole monthly target.
    assert january is not None
    assert january[0] == 4
    assert abs(january[1] - 155) < 1e-9
    assert january[2] == "red"
    assert "orders_count" in customer_kpis
    assert scorecard_count == (len(customer_kpis),)

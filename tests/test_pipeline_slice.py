"""The whole pipeline, landing file to published page, run by Dagster in a temporary folder."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from tests.landing_files import write_small_order_history
from tests.project_dirs import project_at


def _revenue_by_utc_month_from_landing(landing) -> dict[str, float]:
    """Revenue computed straight from the landing CSVs, without the warehouse."""
    orders = pd.concat(
        [pd.read_csv(path, dtype=str) for path in sorted((landing / "oms" / "orders").glob("*.csv"))]
    )
    orders["updated_at_utc"] = pd.to_datetime(orders["updated_at"], utc=True, format="ISO8601")
    latest = orders.sort_values("updated_at_utc").groupby("order_id").tail(1)
    latest = latest[latest["status"] != "cancelled"].copy()
    latest["order_date"] = pd.to_datetime(latest["ordered_at"], utc=True, format="ISO8601").dt.strftime(
        "%Y-%m-%d"
    )
    rates = pd.read_csv(landing / "oms" / "fx_rates" / "fx_rates_2025-01.csv", dtype=str)
    merged = latest.merge(rates, left_on=["order_date", "currency"], right_on=["rate_date", "currency"])
    assert len(merged) == len(latest), "every order has a rate"
    merged["usd"] = merged["order_total"].astype(float) * merged["usd_per_unit"].astype(float)
    merged["month"] = merged["order_date"].str[:7] + "-01"
    return merged.groupby("month")["usd"].sum().to_dict()


@dataclass(frozen=True)
class SliceRun:
    result: dg.ExecuteInProcessResult
    landing_dir: Path
    warehouse_path: Path
    site_dir: Path


@pytest.fixture(scope="module")
def slice_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SliceRun]:
    """One run of the whole pipeline over two months of hand-made orders, read by every test here."""
    with project_at(tmp_path_factory.mktemp("slice")) as data:
        write_small_order_history(data / "landing")
        from orchestration.definitions import build_definitions

        result = (
            build_definitions()
            .resolve_job_def("refresh_all")
            .execute_in_process(instance=dg.DagsterInstance.ephemeral())
        )
        yield SliceRun(result, data / "landing", data / "warehouse" / "upt.duckdb", data / "site")


def test_revenue_kpi_equals_an_independent_computation_from_the_landing_files(
    slice_run: SliceRun,
) -> None:
    assert slice_run.result.success
    expected = _revenue_by_utc_month_from_landing(slice_run.landing_dir)
    con = duckdb.connect(str(slice_run.warehouse_path), read_only=True)
    rows = con.execute(
        "select strftime(period_start, '%Y-%m-%d'), actual_value, target_value, status "
        "from scorecard.fct_kpi_values "
        "where kpi_id = 'revenue' and period_grain = 'month' and region_code = 'ALL'"
    ).fetchall()
    con.close()
    actual = {month: value for month, value, _, _ in rows}
    assert set(actual) == set(expected) == {"2025-01-01", "2025-02-01"}
    for month, value in expected.items():
        assert math.isclose(actual[month], value, rel_tol=1e-9), month
    assert all(target is not None and status in {"green", "amber", "red"} for _, _, target, status in rows)


def test_published_pages_show_revenue_with_target_and_status(
    slice_run: SliceRun,
) -> None:
    site = slice_run.site_dir / "current"
    assert "Revenue" in (site / "index.html").read_text()
    html = (site / "kpis" / "revenue.html").read_text()
    con = duckdb.connect(str(slice_run.warehouse_path), read_only=True)
    actual, target, status = con.execute(
        "select actual_value, target_value, status from scorecard.fct_kpi_values "
        "where kpi_id = 'revenue' and period_grain = 'month' and region_code = 'ALL' "
        "order by period_start desc limit 1"
    ).fetchone()
    con.close()
    from reports.engine.formatting import format_value

    assert format_value(actual, "USD") in html
    assert f"Target {format_value(target, 'USD')}" in html
    assert f"badge-{status}" in html
    assert (site / "assets" / "style.css").exists()


def test_dbt_docs_are_published_with_the_site(
    slice_run: SliceRun,
) -> None:
    site = slice_run.site_dir / "current"
    docs = (site / "dbt-docs" / "index.html").read_text()
    assert "fct_kpi_values" in docs and "stg_oms__orders" in docs
    assert 'href="dbt-docs/index.html"' in (site / "index.html").read_text()
    assert 'href="../dbt-docs/index.html"' in (site / "kpis" / "revenue.html").read_text()

"""The site as the real pipeline publishes it: landing files → Dagster (ingest, dbt, checks) →
report pages, then opened in Chromium."""

from __future__ import annotations

from typing import Any

import dagster as dg
import duckdb

from reports.engine.formatting import format_value
from tests.conftest import ProjectPaths
from tests.landing_files import write_small_order_history
from tests.reports.site_checks import Visitor, broken_links


def test_the_pipeline_publishes_a_site_that_works_from_disk(project_env: ProjectPaths, browser: Any) -> None:
    write_small_order_history(project_env.landing_dir)
    from orchestration.definitions import build_definitions

    run = (
        build_definitions()
        .resolve_job_def("refresh_all")
        .execute_in_process(instance=dg.DagsterInstance.ephemeral())
    )
    assert run.success
    site = (project_env.site_dir / "current").resolve()

    con = duckdb.connect(str(project_env.warehouse_path), read_only=True)
    kpi_ids = [row[0] for row in con.execute("select kpi_id from core.dim_kpi").fetchall()]
    revenue = con.execute(
        "select actual_value from scorecard.fct_kpi_values where kpi_id = 'revenue'"
        " and period_grain = 'month' and region_code = 'ALL' order by period_start desc limit 1"
    ).fetchone()
    con.close()

    assert {f"kpis/{kpi_id}.html" for kpi_id in kpi_ids} <= {
        p.relative_to(site).as_posix() for p in site.rglob("*.html")
    }
    assert broken_links(site) == []
    assert format_value(revenue[0], "USD") in (site / "kpis" / "revenue.html").read_text()
    with Visitor(browser) as visitor:
        for url in (
            "index.html",
            "kpis/revenue.html",
            "departments/sales.html",
            "departments/sales/orders.html",
        ):
            seen = visitor.open(site / url)
            assert (seen.errors, seen.failed_requests, seen.drawn) == ([], [], seen.charts), url

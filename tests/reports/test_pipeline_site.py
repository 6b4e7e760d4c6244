"""The site as the real pipeline publishes it: a simulated company's landing files → Dagster
(ingest, dbt, checks) → report pages, then opened in Chromium."""

from __future__ import annotations

from typing import Any

from reports.engine.formatting import format_value
from tests.company import SmallCompany
from tests.reports.site_checks import Visitor, broken_links


def test_the_pipeline_publishes_a_site_that_works_from_disk(
    small_company: SmallCompany, browser: Any
) -> None:
    assert small_company.run.success
    site = (small_company.site_dir / "current").resolve()
    kpi_ids = [row[0] for row in small_company.query("select kpi_id from core.dim_kpi")]
    (revenue,) = small_company.query(
        "select actual_value from scorecard.fct_kpi_values where kpi_id = 'revenue'"
        " and period_grain = 'month' and region_code = 'ALL' order by period_start desc limit 1"
    )

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

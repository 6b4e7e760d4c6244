"""The built site: every page is there, every link resolves, and pages hold no inline script."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reports.engine.pages import PAGES_DIR, Page, discover_pages
from reports.engine.shared_queries import queries_dir_for
from reports.engine.site import BuildResult, build_site
from tests.reports.marts import KPIS, ORG_UNITS
from tests.reports.site_checks import broken_links, parse_html

DBT_MARTS = Path(__file__).resolve().parents[2] / "dbt_project" / "models" / "marts"


def test_every_page_is_built_one_per_template_row(site: BuildResult) -> None:
    pages = set(site.pages)
    assert {
        "index.html",
        "kpis/index.html",
        "departments/index.html",
        "departments/sales/orders.html",
    } <= pages
    assert {f"kpis/{kpi[0]}.html" for kpi in KPIS} <= pages
    assert {f"departments/{org[0]}.html" for org in ORG_UNITS if org[2]} <= pages
    perspectives = {"financial", "customer", "internal_process", "learning_growth"}
    assert {f"perspectives/{p}.html" for p in perspectives} <= pages
    assert all((site.release_dir / url).is_file() for url in pages)


def test_every_internal_link_resolves_to_a_file(site: BuildResult) -> None:
    assert broken_links(site.release_dir) == []


def test_pages_carry_no_inline_script(site: BuildResult) -> None:
    for page in site.release_dir.rglob("*.html"):
        for script in parse_html(page).scripts:
            assert script.get("src") or script.get("type") == "application/json", (page, script)


def test_every_chart_has_alt_text_and_a_data_table(site: BuildResult) -> None:
    html = (site.release_dir / "kpis" / "revenue.html").read_text()
    parts = parse_html(site.release_dir / "kpis" / "revenue.html")
    assert len(parts.chart_specs) == 4  # sparkline, trend, by region, causes and effects
    assert all(spec["description"] for spec in parts.chart_specs)
    assert html.count('class="chart-canvas" role="img" aria-label="Revenue') >= 2
    assert html.count('<details class="chart-data">') == 3  # the sparkline's table is visually hidden


def test_the_vega_bundle_is_written_once_and_never_kept_in_the_repository(site: BuildResult) -> None:
    bundles = [p for p in site.release_dir.rglob("*.js") if "vegaEmbed=" in p.read_text()]
    assert [p.relative_to(site.release_dir).as_posix() for p in bundles] == ["assets/vendor/vega-embed.js"]
    reports = Path(__file__).resolve().parents[2] / "reports"
    for path in reports.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert path.stat().st_size < 50_000 and b"vegaEmbed=" not in path.read_bytes(), path


def test_an_empty_perspective_and_a_department_without_kpis_say_so(site: BuildResult) -> None:
    empty = (site.release_dir / "perspectives" / "learning_growth.html").read_text()
    assert "No KPIs yet" in empty and "<table" not in empty
    assert "No KPIs yet" in (site.release_dir / "departments" / "people.html").read_text()
    assert "No values yet" in (site.release_dir / "kpis" / "nps.html").read_text()


def test_navigation_groups_pages_and_breadcrumbs_lead_home(site: BuildResult) -> None:
    html = (site.release_dir / "kpis" / "revenue.html").read_text()
    for section in ("Overview", "Perspectives", "Departments", "KPIs", "Data trust"):
        assert f"<summary>{section}</summary>" in html
    crumbs = html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert 'href="../index.html"' in crumbs and 'href="../kpis/index.html">All KPIs' in crumbs
    assert '<span aria-current="page">Revenue</span>' in crumbs


def test_a_page_added_in_a_new_folder_gets_its_own_section(mart_warehouse: Path, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    shutil.copytree(PAGES_DIR, pages)
    shutil.copytree(queries_dir_for(PAGES_DIR), tmp_path / "queries")
    (pages / "supply_chain").mkdir()
    (pages / "supply_chain" / "index.md").write_text(
        "---\ntitle: Suppliers\n---\n# Suppliers\n\nLead times.\n"
    )
    built = build_site(mart_warehouse, tmp_path / "site", pages)
    html = (built.release_dir / "index.html").read_text()
    assert "<summary>Supply chain</summary>" in html and 'href="supply_chain/index.html"' in html


@pytest.mark.parametrize("page", discover_pages(), ids=lambda page: page.url)
def test_pages_read_only_the_marts(page: Page) -> None:
    for schema, table in page.relations:
        assert (DBT_MARTS / schema / f"{table}.sql").is_file(), f"{schema}.{table} is not a mart"


def test_the_okr_page_shows_each_key_result_in_its_kpis_unit(site: BuildResult) -> None:
    from tests.reports.marts import MONTHS
    from tests.reports.site_checks import visible_text

    text = visible_text((site.release_dir / "okrs.html").read_text(encoding="utf-8"))
    quarter = f"Q{(MONTHS[0].month - 1) // 3 + 1} {MONTHS[0].year}"
    assert f"Progress to target, {quarter}" in text
    # Actuals in the unit of their KPI: revenue in USD, the margin as a percentage.
    assert "2.6k USD" in text and "43.0 %" in text
    for state in ("at risk", "achieved", "no data"):
        assert state in text
    assert 'href="kpis/revenue.html"' in (site.release_dir / "okrs.html").read_text(encoding="utf-8")

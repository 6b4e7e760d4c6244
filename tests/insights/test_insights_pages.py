"""The insights pages and the insights section of the KPI pages render the mart's sentences,
escaped, from the planted company's warehouse."""

from __future__ import annotations

import html
import re
import shutil

import pytest

from reports.engine.pages import PAGES_DIR
from reports.engine.site import BuildResult, build_site
from tests.insights.conftest import PlantedCompany


@pytest.fixture(scope="module")
def insights_site(planted_company: PlantedCompany, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The insights pages and the KPI pages, with the shared queries they read (the planted
    company's warehouse holds only the marts these need)."""
    root = tmp_path_factory.mktemp("insights_site")
    pages = root / "reports" / "pages"
    for folder in ("insights", "kpis"):
        shutil.copytree(PAGES_DIR / folder, pages / folder)
    shutil.copy(PAGES_DIR / "_sections.yml", pages / "_sections.yml")
    shutil.copytree(PAGES_DIR.parent / "queries", root / "reports" / "queries")
    return build_site(planted_company.warehouse_path, root / "site", pages_dir=pages)


def _page(site: BuildResult, url: str) -> str:
    return (site.release_dir / url).read_text(encoding="utf-8")


def _items(page: str) -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", page, re.S)
    ]


def test_insights_pages_are_built(insights_site: BuildResult) -> None:
    for url in ("anomalies", "outlook", "drivers", "experiments", "marketing"):
        assert "<h1>" in _page(insights_site, f"insights/{url}.html")
    index = _page(insights_site, "insights/index.html")
    assert 'insights/anomalies.html"' in index and 'insights/outlook.html"' in index


def test_index_reads_the_recent_alerts_as_sentences(
    planted_company: PlantedCompany, insights_site: BuildResult
) -> None:
    alerts = planted_company.frame(
        "select sentence from insights.fct_insights where insight_kind = 'anomaly' and period_start > "
        "(select max(period_start) - interval 35 day from insights.fct_anomalies) "
        "order by insight_rank limit 12"
    ).sentence.tolist()
    assert alerts, "the planted budget cut falls in the last five weeks"
    items = _items(_page(insights_site, "insights/index.html"))
    assert alerts == [item for item in items if item in alerts]
    assert all("robust SDs" in sentence for sentence in alerts)


def test_experiment_sentences_are_shown(planted_company: PlantedCompany, insights_site: BuildResult) -> None:
    sentences = planted_company.frame(
        "select sentence from insights.fct_insights where insight_kind = 'experiment'"
    ).sentence.tolist()
    items = _items(_page(insights_site, "insights/experiments.html"))
    assert sentences and set(sentences) <= set(items)


def test_kpi_page_has_its_insights(planted_company: PlantedCompany, insights_site: BuildResult) -> None:
    notes = planted_company.frame(
        "select sentence from insights.fct_insights where kpi_id = 'revenue' and insight_kind = 'forecast' "
        "and region_code = 'ALL'"
    ).sentence.tolist()
    page = _page(insights_site, "kpis/revenue.html")
    assert "Insights</h2>" in page
    assert notes and set(notes) <= set(_items(page))

"""The site in headless Chromium, opened from file://: no errors, charts drawn, accessible,
themes and sorting working. Screenshots land in test-artifacts/screenshots/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reports.engine.site import BuildResult
from tests.reports.site_checks import Visitor

SHOTS = {
    "index.html": "scorecard",
    "departments/sales.html": "department-sales",
    "kpis/revenue.html": "kpi-revenue",
}


def test_every_page_opens_from_disk_without_errors_and_draws_its_charts(
    site: BuildResult, browser: Any, screenshots: Path
) -> None:
    problems = []
    with Visitor(browser) as visitor:
        for url in site.pages:
            shot = screenshots / f"{SHOTS[url]}.png" if url in SHOTS else None
            seen = visitor.open(site.release_dir / url, shot)
            if seen.errors or seen.failed_requests or seen.drawn != seen.charts:
                problems.append((url, seen))
    assert problems == []
    assert all((screenshots / f"{name}.png").stat().st_size > 10_000 for name in SHOTS.values())


def _axe_violations(page: Any, axe_script: str) -> list[str]:
    page.add_script_tag(content=axe_script)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_scorecard_has_no_serious_accessibility_violation(
    site: BuildResult, browser: Any, axe_script: str, screenshots: Path, scheme: str
) -> None:
    # bypass_csp: the site's policy refuses inline script, which is how axe gets injected.
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme, bypass_csp=True)
    try:
        page.goto((site.release_dir / "index.html").as_uri())
        page.wait_for_selector(".chart-canvas svg")
        if scheme == "dark":
            page.screenshot(path=str(screenshots / "scorecard-dark.png"), full_page=True)
        assert _axe_violations(page, axe_script) == []
    finally:
        page.close()


def test_the_theme_follows_the_system_and_the_toggle_overrides_it_across_pages(
    site: BuildResult, browser: Any
) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    background = "getComputedStyle(document.body).backgroundColor"
    try:
        page.goto((site.release_dir / "index.html").as_uri())
        page.wait_for_selector(".chart-canvas svg")
        assert page.evaluate(background) == "rgb(18, 22, 28)"
        toggle = page.locator(".theme-toggle")
        assert toggle.get_attribute("aria-pressed") == "true"
        toggle.click()
        assert page.evaluate(background) == "rgb(255, 255, 255)"
        assert toggle.get_attribute("aria-pressed") == "false"
        page.wait_for_selector(".chart-canvas svg")
        page.goto((site.release_dir / "kpis" / "revenue.html").as_uri())
        assert page.evaluate("document.documentElement.dataset.theme") == "light"
    finally:
        context.close()


def test_print_styles_hide_the_navigation(site: BuildResult, browser: Any) -> None:
    page = browser.new_page()
    try:
        page.goto((site.release_dir / "kpis" / "revenue.html").as_uri())
        page.emulate_media(media="print")
        assert not page.locator(".site-nav").is_visible()
        assert page.locator("h1").is_visible()
    finally:
        page.close()


def test_a_table_sorts_by_a_column_when_its_heading_is_clicked(site: BuildResult, browser: Any) -> None:
    page = browser.new_page()
    rows = "[...document.querySelector('main table.sortable').tBodies[0].rows].map(r => r.cells[0].innerText)"
    try:
        page.goto((site.release_dir / "kpis" / "index.html").as_uri())
        heading = page.locator("main table.sortable th").first
        heading.locator("button").click()
        ascending = page.evaluate(rows)
        assert (
            ascending == sorted(ascending, key=str.lower)
            and heading.get_attribute("aria-sort") == "ascending"
        )
        heading.locator("button").click()
        assert page.evaluate(rows) == ascending[::-1]
    finally:
        page.close()

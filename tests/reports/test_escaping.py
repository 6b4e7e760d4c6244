"""Data values reach a page as text: never as HTML, script, markdown or template code."""

from __future__ import annotations

from typing import Any

from reports.engine.queries import QueryResult
from reports.engine.render import PageRenderer
from reports.engine.site import BuildResult
from tests.reports.conftest import HOSTILE
from tests.reports.site_checks import Visitor, parse_html


def _result(value: str) -> QueryResult:
    return QueryResult(name="q", columns=("name", "status"), rows=({"name": value, "status": "green"},))


HOSTILE_VALUE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> {{7*7}} *bold* [link](http://x)'


def test_hostile_value_in_prose_is_shown_as_text() -> None:
    html = PageRenderer().render_body("Name: {{ q.first.name }}", {"q": _result(HOSTILE_VALUE)}, "test.md")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "{{7*7}}" in html and "49" not in html
    assert "<em>" not in html and "<a " not in html


def test_hostile_value_in_a_component_is_shown_as_text() -> None:
    html = PageRenderer().render_body("{{ data_table(q) }}", {"q": _result(HOSTILE_VALUE)}, "test.md")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "{{7*7}}" in html
    assert "<table" in html and "badge-green" in html


def test_a_value_cannot_pose_as_a_component_placeholder() -> None:
    body = "{{ q.first.name }}\n\n{{ status_badge('green') }}"
    for fake in ("UPTCOMPONENT0END", "UPTCOMPONENT1END"):
        html = PageRenderer().render_body(body, {"q": _result(fake)}, "test.md")
        assert fake in html and html.count("badge-green") == 1


def test_hostile_names_stay_text_on_every_page_of_the_site(hostile_site: BuildResult) -> None:
    for page in hostile_site.release_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>window" not in html and "<img" not in html, page
        parts = parse_html(page)
        # every script is a file or a JSON data block, and every data block parses back whole
        assert all(s.get("src") or s.get("type") == "application/json" for s in parts.scripts), page
    index = parse_html(hostile_site.release_dir / "index.html")
    assert HOSTILE in "".join(index.text) and "{{7*7}}" in "".join(index.text)
    names = [v.get("name") for spec in index.chart_specs for layer in spec.get("layer", []) for v in
             layer.get("data", {}).get("values", [])]  # fmt: skip
    assert any(HOSTILE in str(name) for name in names)


def test_hostile_names_are_shown_not_run_in_the_browser(hostile_site: BuildResult, browser: Any) -> None:
    with Visitor(browser) as visitor:
        for url in ("index.html", "kpis/revenue.html", "departments/sales/orders.html"):
            seen = visitor.open(hostile_site.release_dir / url)
            assert (seen.errors, seen.failed_requests, seen.drawn) == ([], [], seen.charts), url
            page = visitor.page
            assert page.evaluate("window.__pwned") is None, url
            assert page.locator("main img").count() == 0
            assert HOSTILE in (page.locator("main").text_content() or ""), url
        visitor.open(hostile_site.release_dir / "kpis" / "revenue.html")
        assert visitor.page.locator("h1").inner_text() == f"Revenue {HOSTILE}"

"""Data values reach a page as text: never as HTML, script, markdown or template code."""

from __future__ import annotations

from reports.engine.queries import QueryResult
from reports.engine.render import PageRenderer


def _result(value: str) -> QueryResult:
    return QueryResult(name="q", columns=("name", "status"), rows=({"name": value, "status": "green"},))


HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> {{7*7}} *bold* [link](http://x)'


def test_hostile_value_in_prose_is_shown_as_text() -> None:
    html = PageRenderer().render_body("Name: {{ q.first.name }}", {"q": _result(HOSTILE)}, "test.md")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "{{7*7}}" in html and "49" not in html
    assert "<em>" not in html and "<a " not in html


def test_hostile_value_in_a_component_is_shown_as_text() -> None:
    html = PageRenderer().render_body("{{ data_table(q) }}", {"q": _result(HOSTILE)}, "test.md")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "{{7*7}}" in html
    assert "<table" in html and "badge-green" in html

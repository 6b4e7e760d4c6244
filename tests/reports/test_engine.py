"""The report engine's parts: pages and templates, parameters, links, shared queries."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from reports.engine.charts import script_json
from reports.engine.pages import PageError, discover_pages, parse_page
from reports.engine.queries import QueryError, run_query
from reports.engine.shared_queries import SharedQueryError, load_shared_queries, queries_dir_for
from reports.engine.site import build_site
from reports.engine.templating import expand
from reports.engine.urls import link_to, relativize, url_segment


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_ids_stay_as_they_are_and_other_values_become_distinct_slugs() -> None:
    assert url_segment("revenue") == "revenue" and url_segment("EU-N") == "EU-N"
    hostile = url_segment('<script>"x"</script>')
    assert hostile.startswith("script-x-script-") and "<" not in hostile
    assert url_segment("a b") != url_segment("a-b") and url_segment("../..") != ".."
    assert link_to("/kpis/{kpi_id}.html", {"kpi_id": "a/b"}).count("/") == 2


def test_site_rooted_links_become_relative_to_the_page() -> None:
    html = '<a href="/kpis/x.html">x</a><a href="/">home</a><script src="/assets/a.js"></script>'
    html += '<a href="https://example.org/">out</a><a href="#top">top</a>'
    out = relativize(html, "kpis/y.html")
    assert 'href="../kpis/x.html"' in out and 'href="../index.html"' in out
    assert 'src="../assets/a.js"' in out and 'href="https://example.org/"' in out and 'href="#top"' in out
    assert relativize('<a href="/a.html">', "index.html") == '<a href="a.html">'


def test_a_templated_page_makes_one_page_per_row_with_the_row_bound_as_parameters(tmp_path: Path) -> None:
    page_file = _write(
        tmp_path / "pages" / "people" / "[person_id].md",
        "---\ntitle: '{name}'\ntemplate: people\n---\n"
        "```sql people\nselect person_id, name from core.people order by age desc\n```\n"
        "```sql detail\nselect name, age from core.people where name = $name\n```\n"
        "# {{ params.name }}\n\nAge {{ detail.first.age }}.\n",
    )
    con = duckdb.connect()
    con.execute("create schema core")
    con.execute("create table core.people as select * from (values ('p1', 'O''Brien', 40),"
                " ('p 2', 'x'' or ''1''=''1', 30)) as t(person_id, name, age)")  # fmt: skip
    page = parse_page(page_file, tmp_path / "pages")
    assert page.is_template and page.url == "people/{person_id}.html" and "detail" in page.queries
    assert page.relations == (("core", "people"),) and page.asset_path == ("people", "person_id")
    instances = expand(page, con)
    assert [i.url for i in instances] == ["people/p1.html", f"people/{url_segment('p 2')}.html"]
    assert [i.title for i in instances] == ["O'Brien", "x' or '1'='1"]
    # The injection-shaped name is compared as a value: it matches its own row and nothing else.
    rows = run_query(con, "detail", page.queries["detail"], "t", instances[1].params)
    assert [r["age"] for r in rows] == [30]


def test_a_query_naming_a_parameter_the_page_has_not_fails_clearly() -> None:
    with pytest.raises(QueryError, match=r"\$kpi_id"):
        run_query(duckdb.connect(), "q", "select $kpi_id", "page.md", {})


def test_templated_pages_must_name_their_template_block(tmp_path: Path) -> None:
    bad = _write(tmp_path / "pages" / "[x].md", "```sql rows\nselect 1 as x\n```\n# X\n")
    with pytest.raises(PageError, match="template"):
        parse_page(bad, tmp_path / "pages")
    plain = _write(tmp_path / "pages" / "plain.md", "---\ntemplate: rows\n---\n```sql rows\nselect 1\n```\n")
    with pytest.raises(PageError, match=r"\[column\]"):
        parse_page(plain, tmp_path / "pages")


def test_shared_queries_run_in_dependency_order_and_pass_their_marts_on(tmp_path: Path) -> None:
    _write(tmp_path / "queries" / "a_latest.sql", "select max(period_start) as m from b_months")
    _write(tmp_path / "queries" / "b_months.sql", "select * from scorecard.fct_kpi_values")
    shared = load_shared_queries(tmp_path / "queries")
    assert list(shared) == ["b_months", "a_latest"]
    assert shared["a_latest"].relations == (("scorecard", "fct_kpi_values"),)
    page = _write(
        tmp_path / "pages" / "p.md", "```sql q\nselect * from a_latest join core.dim_kpi on true\n```\n"
    )
    assert parse_page(page, tmp_path / "pages", shared).relations == (
        ("core", "dim_kpi"),
        ("scorecard", "fct_kpi_values"),
    )
    _write(tmp_path / "queries" / "b_months.sql", "select * from a_latest")
    with pytest.raises(SharedQueryError, match="circle"):
        load_shared_queries(tmp_path / "queries")


def test_kpi_pages_depend_on_the_marts_their_shared_queries_read() -> None:
    kpi_page = next(p for p in discover_pages() if p.asset_path == ("kpis", "kpi_id"))
    assert {("core", "dim_kpi"), ("scorecard", "fct_kpi_values"), ("core", "dim_strategy_link")} <= set(
        kpi_page.relations
    )
    assert queries_dir_for(kpi_page.source.parents[1]).is_dir()


def test_chart_json_cannot_end_its_script_block() -> None:
    spec = {"data": {"values": [{"name": "</script><script>alert(1)</script> <!-- & \u2028"}]}}
    text = str(script_json(spec))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == spec


def test_a_page_error_names_the_file_and_the_query(mart_warehouse: Path, tmp_path: Path) -> None:
    _write(tmp_path / "pages" / "index.md", "```sql broken\nselect nope from core.dim_kpi\n```\n# X\n")
    with pytest.raises(QueryError, match=r"index\.md: query 'broken' failed"):
        build_site(mart_warehouse, tmp_path / "site", tmp_path / "pages")

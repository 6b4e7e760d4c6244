"""Building the site beside the published one and swapping it in atomically.

Layout of the site folder:

    <site_dir>/releases/<UTC timestamp>/   one complete build each (the dated archive)
    <site_dir>/current -> releases/<…>     the published site; replaced by an atomic rename

A build that fails leaves `current` pointing at the last good release.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from reports.engine.pages import PAGES_DIR, Page, discover_pages
from reports.engine.queries import run_query
from reports.engine.render import REPORTS_DIR, PageRenderer

KEEP_RELEASES = 30


@dataclass(frozen=True)
class BuildResult:
    release_dir: Path
    pages: list[str]
    as_of: object


def _relative_root(url: str) -> str:
    return "../" * url.count("/")


def build_site(warehouse_path: Path, out_dir: Path, pages_dir: Path = PAGES_DIR) -> BuildResult:
    """Render every page into `out_dir` (which must not exist yet)."""
    pages = discover_pages(pages_dir)
    renderer = PageRenderer()
    nav = [
        {"url": p.url, "title": p.front_matter.get("nav_title", p.title)}
        for p in pages
        if p.front_matter.get("nav", True)
    ]
    built_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out_dir.mkdir(parents=True)
    shutil.copytree(REPORTS_DIR / "static", out_dir / "assets")
    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        as_of_row = con.execute("select max(as_of_date) from scorecard.fct_kpi_values").fetchone()
        as_of = as_of_row[0] if as_of_row else None
        for page in pages:
            _write_page(con, renderer, page, out_dir, nav, as_of, built_at)
    finally:
        con.close()
    return BuildResult(release_dir=out_dir, pages=[p.url for p in pages], as_of=as_of)


def _write_page(
    con: duckdb.DuckDBPyConnection,
    renderer: PageRenderer,
    page: Page,
    out_dir: Path,
    nav: list[dict],
    as_of: object,
    built_at: str,
) -> None:
    source = str(page.source)
    results = {name: run_query(con, name, sql, source) for name, sql in page.queries.items()}
    content = renderer.render_body(page.body, results, source)
    html = renderer.render_layout(
        page=page, content=content, nav=nav, root=_relative_root(page.url), as_of=as_of, built_at=built_at
    )
    target = out_dir / page.url
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")


def publish(site_dir: Path, warehouse_path: Path, pages_dir: Path = PAGES_DIR) -> BuildResult:
    """Build a new release and make it the published site in one atomic step."""
    releases = site_dir / "releases"
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%S%fZ")
    staging = releases / f".building-{stamp}"
    try:
        result = build_site(warehouse_path, staging, pages_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    release = releases / stamp
    staging.rename(release)
    link = site_dir / "current"
    tmp_link = site_dir / f".current-{stamp}"
    tmp_link.symlink_to(release.relative_to(site_dir), target_is_directory=True)
    os.replace(tmp_link, link)  # atomic: readers see the old site or the new one, never half
    _prune(releases, keep=KEEP_RELEASES)
    return BuildResult(release_dir=release, pages=result.pages, as_of=result.as_of)


def _prune(releases: Path, keep: int) -> None:
    dated = sorted(p for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in dated[:-keep]:
        shutil.rmtree(old, ignore_errors=True)


def published_dir(site_dir: Path) -> Path:
    """The folder of the currently published site."""
    return (site_dir / "current").resolve()

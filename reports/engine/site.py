"""Building the site beside the published one and swapping it in atomically.

Layout of the site folder:

    <site_dir>/releases/<UTC timestamp>/   one complete build each (the dated archive)
    <site_dir>/current -> releases/<…>     the published site; replaced by an atomic rename

A build that fails leaves `current` pointing at the last good release.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from reports.engine.nav import NavSection, breadcrumbs, build_nav, load_sections
from reports.engine.pages import PAGES_DIR, discover_pages
from reports.engine.queries import load_shared, run_query
from reports.engine.render import PageRenderer
from reports.engine.shared_queries import load_shared_queries, queries_dir_for
from reports.engine.static_assets import write_assets
from reports.engine.templating import PageInstance, expand_all
from reports.engine.trust import TrustTables, register_trust_tables, write_trust_files
from reports.engine.urls import relative_root, relativize

KEEP_RELEASES = 30
TRUST_SECTION = "data-trust"
MANIFEST = "manifest.json"  # what a release was built with, for rebuilding some of its pages
_CHART_MARKER = 'class="chart-spec"'


@dataclass(frozen=True)
class BuildResult:
    release_dir: Path
    pages: list[str]
    as_of: object
    pages_by_source: dict[Path, list[str]] = field(default_factory=dict)  # page file → the URLs it made


@dataclass(frozen=True)
class Attachment:
    """A file published with the pages, linked from every page's footer."""

    title: str
    source: Path


@dataclass(frozen=True)
class _SiteContext:
    """What every page of one build shares."""

    renderer: PageRenderer
    nav: list[NavSection]
    sections: dict[str, str]
    titles: dict[str, str]
    as_of: object
    built_at: str
    attachments: tuple[tuple[str, str], ...]


def build_site(
    warehouse_path: Path,
    out_dir: Path,
    pages_dir: Path = PAGES_DIR,
    attachments: Mapping[str, Attachment] | None = None,
    trust: TrustTables | None = None,
) -> BuildResult:
    """Render every page into `out_dir` (which must not exist yet). `attachments` are files
    published with the pages (such as the dbt docs), keyed by their path in the site; every page's
    footer links to them. `trust` holds the quality gate's results (see trust.py)."""
    out_dir.mkdir(parents=True)
    write_assets(out_dir)
    for rel_path, attachment in (attachments or {}).items():
        (out_dir / rel_path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(attachment.source, out_dir / rel_path)
    listed = [{"path": rel, "title": a.title} for rel, a in (attachments or {}).items()]
    (out_dir / MANIFEST).write_text(json.dumps({"attachments": listed}, indent=1), encoding="utf-8")
    return _render(warehouse_path, out_dir, pages_dir, attachments, trust)


def _render(
    warehouse_path: Path,
    out_dir: Path,
    pages_dir: Path,
    attachments: Mapping[str, Attachment] | None,
    trust: TrustTables | None,
    only: Callable[[PageInstance], bool] | None = None,
) -> BuildResult:
    """Write the pages (those `only` selects, or all) and the trust status into `out_dir`."""
    shared = load_shared_queries(queries_dir_for(pages_dir))
    pages = discover_pages(pages_dir, shared)
    renderer = PageRenderer()
    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        register_trust_tables(con, trust)
        load_shared(con, shared)
        as_of_row = con.execute("select max(as_of_date) from scorecard.fct_kpi_values").fetchone()
        instances = expand_all(pages, con)
        sections = load_sections(pages_dir)
        site = _SiteContext(
            renderer=renderer,
            nav=build_nav(instances, sections),
            sections=sections,
            titles={instance.url: instance.nav_title for instance in instances},
            as_of=as_of_row[0] if as_of_row else None,
            built_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            attachments=tuple((a.title, rel) for rel, a in (attachments or {}).items()),
        )
        written = [instance for instance in instances if only is None or only(instance)]
        for instance in written:
            _write_page(con, site, instance, out_dir)
    finally:
        con.close()
    write_trust_files(out_dir, trust)
    by_source: dict[Path, list[str]] = {}
    for instance in written:
        by_source.setdefault(instance.page.source, []).append(instance.url)
    return BuildResult(
        release_dir=out_dir, pages=[i.url for i in written], as_of=site.as_of, pages_by_source=by_source
    )


def _write_page(
    con: duckdb.DuckDBPyConnection, site: _SiteContext, instance: PageInstance, out_dir: Path
) -> None:
    page = instance.page
    source = str(page.source)
    results = {name: run_query(con, name, sql, source, instance.params) for name, sql in page.queries.items()}
    content = site.renderer.render_body(page.body, {**results, "params": instance.params}, source)
    html = site.renderer.render_layout(
        page=instance,
        description=page.front_matter.get("description"),
        content=content,
        nav=site.nav,
        crumbs=breadcrumbs(instance.url, site.titles, site.sections),
        root=relative_root(instance.url),
        has_charts=_CHART_MARKER in content,
        as_of=site.as_of,
        built_at=site.built_at,
        attachments=site.attachments,
    )
    target = out_dir / instance.url
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(relativize(html, instance.url), encoding="utf-8")


def publish(
    site_dir: Path,
    warehouse_path: Path,
    pages_dir: Path = PAGES_DIR,
    attachments: Mapping[str, Attachment] | None = None,
    trust: TrustTables | None = None,
) -> BuildResult:
    """Build a new release and make it the published site in one atomic step."""
    stamp, staging = _staging(site_dir)
    try:
        result = build_site(warehouse_path, staging, pages_dir, attachments, trust)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    release = _swap_in(site_dir, staging, stamp)
    return replace(result, release_dir=release)


def publish_trust_update(
    site_dir: Path,
    warehouse_path: Path,
    trust: TrustTables,
    pages_dir: Path = PAGES_DIR,
) -> BuildResult | None:
    """Publish the current site again with only its data-trust pages (and the banner's status)
    rebuilt: every other file stays byte for byte what readers had. Used when the quality gate
    blocks, so the last good figures stay and the site says why they are not updated.
    Returns None when nothing has been published yet."""
    current = site_dir / "current"
    if not current.exists():
        return None
    stamp, staging = _staging(site_dir)
    trust_pages = pages_dir / TRUST_SECTION
    try:
        shutil.copytree(current.resolve(), staging, symlinks=True)
        result = _render(
            warehouse_path,
            staging,
            pages_dir,
            _attachments_of(staging),
            trust,
            only=lambda instance: instance.page.source.is_relative_to(trust_pages),
        )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    release = _swap_in(site_dir, staging, stamp)
    return replace(result, release_dir=release)


def _attachments_of(release: Path) -> dict[str, Attachment]:
    """The attachments a published release links to, so rebuilt pages keep the same footer."""
    manifest = release / MANIFEST
    if not manifest.exists():
        return {}
    listed = json.loads(manifest.read_text(encoding="utf-8"))["attachments"]
    return {item["path"]: Attachment(title=item["title"], source=release / item["path"]) for item in listed}


def _staging(site_dir: Path) -> tuple[str, Path]:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%S%fZ")
    return stamp, site_dir / "releases" / f".building-{stamp}"


def _swap_in(site_dir: Path, staging: Path, stamp: str) -> Path:
    """Make a finished build the published site: rename it into the archive, then point
    `current` at it with one atomic rename."""
    releases = site_dir / "releases"
    release = releases / stamp
    staging.rename(release)
    link = site_dir / "current"
    tmp_link = site_dir / f".current-{stamp}"
    tmp_link.symlink_to(release.relative_to(site_dir), target_is_directory=True)
    os.replace(tmp_link, link)  # atomic: readers see the old site or the new one, never half
    _prune(releases, keep=KEEP_RELEASES)
    return release


def _prune(releases: Path, keep: int) -> None:
    dated = sorted(p for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in dated[:-keep]:
        shutil.rmtree(old, ignore_errors=True)


def published_dir(site_dir: Path) -> Path:
    """The folder of the currently published site."""
    return (site_dir / "current").resolve()

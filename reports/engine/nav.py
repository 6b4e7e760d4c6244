"""The navigation: pages grouped in sections by top-level folder, and each page's breadcrumbs.

pages/_sections.yml names the sections and their order. A declared section with no pages yet is
left out of the navigation until its first page is added; folders it does not declare follow the
declared ones, titled from the folder name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from reports.engine.formatting import humanize
from reports.engine.pages import PageError
from reports.engine.templating import PageInstance

SECTIONS_FILE = "_sections.yml"


@dataclass(frozen=True)
class NavLink:
    url: str | None  # site-rooted (/kpis/revenue.html); None for a crumb that is not a page
    title: str


@dataclass(frozen=True)
class NavSection:
    folder: str  # top-level folder under pages/; "" for the pages at the top
    title: str
    links: tuple[NavLink, ...]


def load_sections(pages_dir: Path) -> dict[str, str]:
    """Folder → section title, in navigation order."""
    path = pages_dir / SECTIONS_FILE
    if not path.exists():
        return {"": "Overview"}
    try:
        sections = yaml.safe_load(path.read_text(encoding="utf-8"))["sections"]
        return {str(s.get("folder") or ""): str(s["title"]) for s in sections}
    except (yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise PageError(f"{path}: expected `sections:` with a folder and title each ({exc})") from exc


def _folder(url: str) -> str:
    return url.split("/", 1)[0] if "/" in url else ""


def _is_index(url: str) -> bool:
    return url == "index.html" or url.endswith("/index.html")


def build_nav(instances: list[PageInstance], sections: Mapping[str, str]) -> list[NavSection]:
    by_folder: dict[str, list[PageInstance]] = {}
    for instance in instances:
        if instance.page.front_matter.get("nav", True) is not False:
            by_folder.setdefault(_folder(instance.url), []).append(instance)
    order = [*sections, *sorted(folder for folder in by_folder if folder not in sections)]
    nav = []
    for folder in order:
        members = by_folder.get(folder)
        if not members:
            continue
        # Stable sort: within equal keys, files keep their path order and template rows their query order.
        members.sort(key=lambda i: (not _is_index(i.url), i.page.front_matter.get("nav_order", 100)))
        links = tuple(NavLink(url="/" + i.url, title=i.nav_title) for i in members)
        nav.append(NavSection(folder=folder, title=sections.get(folder) or humanize(folder), links=links))
    return nav


def breadcrumbs(url: str, titles: Mapping[str, str], sections: Mapping[str, str]) -> list[NavLink]:
    """Home, then the section or folder pages above this page, then the page itself.
    `titles` maps every page URL to its short title."""
    if url == "index.html":
        return []
    parts = url.removesuffix(".html").split("/")
    if parts[-1] == "index":
        parts = parts[:-1]
    crumbs = [NavLink(url="/index.html", title=titles.get("index.html", "Home"))]
    for depth in range(1, len(parts)):
        prefix = "/".join(parts[:depth])
        target = next((u for u in (f"{prefix}/index.html", f"{prefix}.html") if u in titles), None)
        fallback = sections.get(prefix) if depth == 1 else None
        title = titles[target] if target else fallback or humanize(parts[depth - 1])
        crumbs.append(NavLink(url="/" + target if target else None, title=title))
    crumbs.append(NavLink(url=None, title=titles[url]))
    return crumbs

"""Checks on a built site: its links, its scripts, and what a browser sees when it opens a page."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

_EXTERNAL = ("http:", "https:", "mailto:", "data:", "javascript:")


@dataclass
class PageParts:
    """What one HTML file refers to and carries."""

    links: list[str] = field(default_factory=list)  # every href and src
    scripts: list[dict[str, str | None]] = field(default_factory=list)  # attributes of each <script>
    chart_specs: list[Any] = field(default_factory=list)  # parsed JSON data blocks
    text: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts = PageParts()
        self._in_spec: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.parts.links += [v for k, v in attrs if k in ("href", "src") and v is not None]
        if tag == "script":
            self.parts.scripts.append(values)
            if values.get("type") == "application/json":
                self._in_spec = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_spec is not None:
            self.parts.chart_specs.append(json.loads("".join(self._in_spec)))
            self._in_spec = None

    def handle_data(self, data: str) -> None:
        if self._in_spec is not None:
            self._in_spec.append(data)
        else:
            self.parts.text.append(data)


def parse_html(path: Path) -> PageParts:
    return parse_html_text(path.read_text(encoding="utf-8"))


def parse_html_text(html: str) -> PageParts:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.parts


def visible_text(html: str) -> str:
    """A page's text as a reader sees it: character references resolved, tags gone."""
    return " ".join(parse_html_text(html).text)


def chart_links(spec: Any) -> list[str]:
    """Node links inside a chart spec (written from the site root, without the leading slash)."""
    if isinstance(spec, dict):
        found = [spec["href"]] if isinstance(spec.get("href"), str) else []
        return found + [link for value in spec.values() for link in chart_links(value)]
    if isinstance(spec, list):
        return [link for value in spec for link in chart_links(value)]
    return []


# Files published beside the pages but not rendered by the engine (dbt's own docs app routes
# with in-page absolute paths of its own).
ATTACHMENT_FOLDERS = ("dbt-docs",)


def broken_links(site_dir: Path) -> list[str]:
    """Every internal href/src (and chart node link) of the rendered pages that is absolute or
    does not reach a file."""
    problems = []
    for page in sorted(site_dir.rglob("*.html")):
        if page.relative_to(site_dir).parts[0] in ATTACHMENT_FOLDERS:
            continue
        parts = parse_html(page)
        targets = [(link, page.parent) for link in parts.links]
        targets += [(link, site_dir) for spec in parts.chart_specs for link in chart_links(spec)]
        for link, base in targets:
            if link.startswith(_EXTERNAL) or link.startswith("#"):
                continue
            name = page.relative_to(site_dir)
            if link.startswith("/"):
                problems.append(f"{name}: {link} is absolute, so it breaks from file://")
                continue
            target = (base / unquote(urlsplit(link).path)).resolve()
            if not target.is_file():
                problems.append(f"{name}: {link} does not resolve")
    return problems


@dataclass
class Visit:
    errors: list[str]
    failed_requests: list[str]
    charts: int
    drawn: int


class Visitor:
    """One browser tab that opens pages from file://, waits for their charts, and reports what
    went wrong on each (console errors, script errors, failed requests, dialogs)."""

    def __init__(self, browser: Any, **context: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
        self.page = self.context.new_page()
        self._errors: list[str] = []
        self._failed: list[str] = []
        self.page.on(
            "console",
            lambda m: self._errors.append(m.type + ": " + m.text) if m.type in ("error", "warning") else None,
        )
        self.page.on("pageerror", lambda error: self._errors.append(str(error)))
        self.page.on("requestfailed", lambda request: self._failed.append(request.url))
        self.page.on(
            "dialog", lambda dialog: (self._errors.append(f"dialog: {dialog.message}"), dialog.dismiss())
        )

    def __enter__(self) -> Visitor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.context.close()

    def open(self, path: Path, screenshot: Path | None = None) -> Visit:
        self._errors, self._failed = [], []
        page = self.page
        page.goto(path.as_uri(), wait_until="load")
        charts = page.locator(".chart").count()
        if charts:
            with contextlib.suppress(PlaywrightTimeout):  # the counts below tell what was not drawn
                page.wait_for_function(
                    "n => document.querySelectorAll('.chart .chart-canvas svg, .chart .chart-canvas canvas')"
                    ".length >= n",
                    arg=charts,
                    timeout=15_000,
                )
        drawn = page.locator(".chart .chart-canvas").filter(has=page.locator("svg, canvas")).count()
        if screenshot:
            page.screenshot(path=str(screenshot), full_page=True)
        return Visit(errors=self._errors, failed_requests=self._failed, charts=charts, drawn=drawn)

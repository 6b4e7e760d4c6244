"""Page addresses: URL segments made from data, and links made relative.

Templates, components and prose write internal links from the site root (`/kpis/revenue.html`).
`relativize` rewrites them for the page they are on, so the built site works from `file://` and
from any folder of any static host.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_ROOTED_LINK = re.compile(r'(\s(?:href|src)=")/(?!/)([^"]*)"')


def url_segment(value: Any) -> str:
    """A value as one safe path segment: ids stay as they are; anything else becomes a slug with
    a short hash, so two different values never share a page."""
    text = str(value)
    if _SAFE_SEGMENT.fullmatch(text):
        return text
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else digest


def link_to(pattern: str, row: Mapping[str, Any]) -> str:
    """A site-rooted link from a pattern and a row: '/kpis/{kpi_id}.html' → '/kpis/revenue.html'."""
    try:
        return pattern.format_map({key: url_segment(value) for key, value in row.items()})
    except KeyError as exc:
        raise ValueError(f"link {pattern!r} needs column {exc.args[0]!r}") from exc


def relative_root(url: str) -> str:
    """The way back to the site root from a page: '' for index.html, '../' for kpis/x.html."""
    return "../" * url.count("/")


def relativize(html: str, page_url: str) -> str:
    """Rewrite every site-rooted href/src attribute so it is relative to `page_url`."""
    root = relative_root(page_url)

    def rewrite(match: re.Match[str]) -> str:
        target = match.group(2)
        if target == "" or target.startswith(("#", "?")):
            target = "index.html" + target
        elif target.endswith("/"):
            target += "index.html"
        return f'{match.group(1)}{root}{target}"'

    return _ROOTED_LINK.sub(rewrite, html)

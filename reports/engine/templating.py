"""Turning page files into the pages of the site: one for a plain page, one per row for a
templated page ([column].md)."""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import duckdb

from reports.engine.formatting import format_value
from reports.engine.pages import Page, PageError
from reports.engine.queries import run_query
from reports.engine.urls import url_segment


@dataclass(frozen=True)
class PageInstance:
    """One HTML page of the site."""

    page: Page
    url: str
    title: str
    nav_title: str
    params: dict[str, Any] = field(default_factory=dict)


class _Text(Mapping[str, str]):
    """A row's values as display text, for titles like "{kpi_name}"."""

    def __init__(self, row: Mapping[str, Any]) -> None:
        self.row = row

    def __getitem__(self, key: str) -> str:
        return format_value(self.row[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self.row)

    def __len__(self) -> int:
        return len(self.row)


def fill_text(pattern: str, row: Mapping[str, Any], source: str) -> str:
    """Fill `{column}` fields of a title with a row's values (the values are never parsed)."""
    try:
        return string.Formatter().vformat(pattern, (), _Text(row))
    except (KeyError, IndexError, ValueError) as exc:
        raise PageError(f"{source}: {pattern!r} names a column the template query has not: {exc}") from exc


def expand(page: Page, con: duckdb.DuckDBPyConnection) -> list[PageInstance]:
    """The pages a page file makes."""
    nav_title = str(page.front_matter.get("nav_title") or page.title)
    if page.template is None:
        return [PageInstance(page=page, url=page.url, title=page.title, nav_title=nav_title)]
    source = str(page.source)
    rows = run_query(con, "template", page.template, source)
    instances = []
    for row in rows:
        segments = {key: url_segment(value) for key, value in row.items()}
        instances.append(
            PageInstance(
                page=page,
                url=fill_text(page.url, segments, source),
                title=fill_text(page.title, row, source),
                nav_title=fill_text(nav_title, row, source),
                params=dict(row),
            )
        )
    return instances


def expand_all(pages: list[Page], con: duckdb.DuckDBPyConnection) -> list[PageInstance]:
    """Every page of the site; two pages may not share an address."""
    instances = [instance for page in pages for instance in expand(page, con)]
    seen: dict[str, PageInstance] = {}
    for instance in instances:
        other = seen.setdefault(instance.url, instance)
        if other is not instance:
            raise PageError(f"{instance.page.source} and {other.page.source} both make {instance.url}")
    return instances

"""Rendering a page: jinja2 (components and values) → markdown → the site layout.

Data never reaches a page unescaped: jinja2 autoescapes every value, and plain values are also
protected from markdown (an `*` or `_` in a customer's name stays text). Components render to
placeholders that markdown never sees and are put back afterwards, so their HTML is exactly what
the component wrote.

Every file in components/ whose name does not start with `_` is a component: it defines one macro
named like the file, and pages call it by that name.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from reports.engine import charts, strategy_map
from reports.engine.formatting import (
    format_delta,
    format_period,
    format_value,
    humanize,
    status_label,
    trend_quality,
)
from reports.engine.queries import QueryResult
from reports.engine.urls import link_to

REPORTS_DIR = Path(__file__).resolve().parent.parent
COMPONENTS_DIR = REPORTS_DIR / "components"
# Markdown punctuation and HTML's special characters: in a value they become numeric character
# references, which markdown shows as the plain character (and re-escapes for HTML) but never
# reads as markup. Escaping HTML first would not do: markdown would then break its `&#34;`.
_NEUTRALISE = re.compile(r"""[\\`*_{}\[\]()#+\-.!|<>~&"']""")


def component_names(components_dir: Path = COMPONENTS_DIR) -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in components_dir.glob("*.html") if not p.name.startswith("_")))


def _escape_value(value: Any) -> Markup:
    """A data value for a page body, which markdown renders next: shown as text, never as markup."""
    if isinstance(value, Markup):
        return value
    text = format_value(value)
    return Markup(_NEUTRALISE.sub(lambda m: f"&#{ord(m.group(0))};", text).replace("\n", " "))


def sort_key(value: Any) -> str:
    """What a sortable table sorts a cell by: the raw number or ISO date, not the formatted text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    value = charts.json_value(value)
    return repr(value) if isinstance(value, int | float) else str(value)


def difference(current: Any, previous: Any) -> float | None:
    """current − previous, or None when either is missing."""
    if current is None or previous is None:
        return None
    return float(current) - float(previous)


def group_rows(data: QueryResult, column: str) -> list[tuple[Any, list[dict[str, Any]]]]:
    """Rows grouped by a column, groups in the order they first appear (jinja's groupby sorts)."""
    groups: dict[Any, list[dict[str, Any]]] = {}
    for row in data:
        groups.setdefault(row.get(column), []).append(row)
    return list(groups.items())


def build_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([REPORTS_DIR / "templates", COMPONENTS_DIR]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        fmt=format_value,
        signed=format_delta,
        period=format_period,
        humanize=humanize,
        status_label=status_label,
        trend=trend_quality,
        sort_key=sort_key,
        script_json=charts.script_json,
    )
    env.globals.update(
        zip_columns=lambda columns: [(c, c.replace("_", " ").capitalize()) for c in columns],
        link_to=link_to,
        difference=difference,
        group_rows=group_rows,
        line_spec=charts.line_spec,
        bar_spec=charts.bar_spec,
        sparkline_spec=charts.sparkline_spec,
        describe_bars=charts.describe_bars,
        strategy_columns=strategy_map.Columns,
        strategy_map_spec=strategy_map.strategy_map_spec,
        strategy_link_rows=strategy_map.link_rows,
    )
    return env


class ComponentSlots:
    """Collects rendered components and hands out placeholders for them. Each render draws a
    random token for its placeholders, so text in the data can never pose as one."""

    def __init__(self) -> None:
        self.html: list[str] = []
        token = secrets.token_hex(8)
        self._placeholder = f"UPTCOMPONENT{token}N{{}}END"
        self._pattern = re.compile(rf"(?:<p>)?UPTCOMPONENT{token}N(\d+)END(?:</p>)?")

    def wrap(self, macro: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Markup:
            self.html.append(str(macro(*args, **kwargs)))
            return Markup(self._placeholder.format(len(self.html) - 1))

        return call

    def restore(self, html: str) -> str:
        return self._pattern.sub(lambda m: self.html[int(m.group(1))], html)


class PageRenderer:
    def __init__(self) -> None:
        self.env = build_environment()
        # Page bodies get their own environment: values are escaped for markdown too.
        self.page_env = build_environment()
        self.page_env.finalize = _escape_value
        self.markdown = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable("table")
        self.components = {
            name: getattr(self.env.get_template(f"{name}.html").module, name) for name in component_names()
        }
        self._bodies: dict[str, jinja2.Template] = {}  # a templated page's body compiles once

    def _template(self, body: str) -> jinja2.Template:
        if body not in self._bodies:
            self._bodies[body] = self.page_env.from_string(body)
        return self._bodies[body]

    def render_body(self, body: str, context: Mapping[str, Any], source: str) -> Markup:
        clash = set(context) & set(self.components)
        if clash:
            raise ValueError(f"{source}: a query may not take a component's name: {', '.join(sorted(clash))}")
        slots = ComponentSlots()
        components = {name: slots.wrap(macro) for name, macro in self.components.items()}
        try:
            text = self._template(body).render({**context, **components})
        except (jinja2.TemplateError, ValueError, TypeError) as exc:
            line = getattr(exc, "lineno", None)
            raise ValueError(f"{source}{f':{line}' if line else ''}: {exc}") from exc
        # Trusted: markdown-it escapes all text (raw HTML is off) and components autoescape values.
        return Markup(slots.restore(self.markdown.render(text)))

    def render_layout(self, **context: Any) -> str:
        return self.env.get_template("layout.html").render(**context)

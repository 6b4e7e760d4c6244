"""Rendering a page: jinja2 (components and values) → markdown → the site layout.

Data never reaches a page unescaped: jinja2 autoescapes every value, and plain values are also
protected from markdown (an `*` or `_` in a customer's name stays text). Components render to
placeholders that markdown never sees and are put back afterwards, so their HTML is exactly what
the component wrote.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from reports.engine.formatting import format_delta, format_value

REPORTS_DIR = Path(__file__).resolve().parent.parent
COMPONENTS = ("big_value", "data_table", "status_badge")
_MARKDOWN_PUNCTUATION = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>~]")
_PLACEHOLDER = "UPTCOMPONENT{}END"
_PLACEHOLDER_RE = re.compile(r"(?:<p>)?UPTCOMPONENT(\d+)END(?:</p>)?")


def _escape_value(value: Any) -> Markup:
    """HTML-escape a data value and neutralise markdown punctuation in it."""
    if isinstance(value, Markup):
        return value
    text = str(escape(format_value(value)))
    return Markup(_MARKDOWN_PUNCTUATION.sub(lambda m: f"&#{ord(m.group(0))};", text).replace("\n", " "))


class ComponentSlots:
    """Collects rendered components and hands out placeholders for them."""

    def __init__(self) -> None:
        self.html: list[str] = []

    def wrap(self, macro: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Markup:
            self.html.append(str(macro(*args, **kwargs)))
            return Markup(_PLACEHOLDER.format(len(self.html) - 1))

        return call

    def restore(self, html: str) -> str:
        return _PLACEHOLDER_RE.sub(lambda m: self.html[int(m.group(1))], html)


def build_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([REPORTS_DIR / "templates", REPORTS_DIR / "components"]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fmt"] = format_value
    env.filters["delta"] = format_delta
    env.globals["zip_columns"] = lambda columns: [(c, c.replace("_", " ").capitalize()) for c in columns]
    return env


class PageRenderer:
    def __init__(self) -> None:
        self.env = build_environment()
        # Page bodies get their own environment: values are escaped for markdown too.
        self.page_env = build_environment()
        self.page_env.finalize = _escape_value
        self.markdown = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable("table")
        module = {name: self.env.get_template(f"{name}.html").module for name in COMPONENTS}
        self.components = {name: getattr(module[name], name) for name in COMPONENTS}

    def render_body(self, body: str, context: Mapping[str, Any], source: str) -> Markup:
        slots = ComponentSlots()
        components = {name: slots.wrap(macro) for name, macro in self.components.items()}
        try:
            template = self.page_env.from_string(body)
            text = template.render({**context, **components})
        except jinja2.TemplateError as exc:
            line = getattr(exc, "lineno", None)
            raise ValueError(f"{source}{f':{line}' if line else ''}: {exc}") from exc
        # Trusted: markdown-it escapes all text (raw HTML is off) and components autoescape values.
        return Markup(slots.restore(self.markdown.render(text)))

    def render_layout(self, **context: Any) -> str:
        return self.env.get_template("layout.html").render(**context)

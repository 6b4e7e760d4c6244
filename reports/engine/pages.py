"""Reading a page: front matter, named SQL blocks, and the markdown body.

A page looks like:

    ---
    title: Scorecard
    ---
    ```sql revenue
    select * from scorecard.fct_kpi_values where kpi_id = 'revenue'
    ```
    # Revenue
    {{ big_value(revenue, value='actual_value') }}

The file path under pages/ is the URL: pages/sales/index.md → sales/index.html.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_SQL_BLOCK = re.compile(
    r"^```sql[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*\n(.*?)^```[ \t]*$\n?", re.DOTALL | re.MULTILINE
)
_RELATION = re.compile(r"\b(?:from|join)\s+([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)", re.IGNORECASE)


class PageError(ValueError):
    """A page that cannot be read; the message names the file."""


@dataclass(frozen=True)
class Page:
    source: Path
    url: str
    title: str
    front_matter: dict
    queries: dict[str, str]
    body: str
    relations: tuple[tuple[str, str], ...] = field(default=())

    @property
    def slug(self) -> str:
        """The URL without `.html`, used as the page's asset key."""
        return self.url.removesuffix(".html")


def relations_in(sql: str) -> set[tuple[str, str]]:
    """The `schema.table` relations a query reads."""
    return {(schema.lower(), table.lower()) for schema, table in _RELATION.findall(sql)}


def parse_page(path: Path, pages_dir: Path = PAGES_DIR) -> Page:
    text = path.read_text(encoding="utf-8")
    front: dict = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            front = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            raise PageError(f"{path}: front matter is not valid YAML: {exc}") from exc
        text = text[match.end() :]
    queries: dict[str, str] = {}
    for name, sql in _SQL_BLOCK.findall(text):
        if name in queries:
            raise PageError(f"{path}: two SQL blocks are named {name!r}")
        queries[name] = sql.strip()
    body = _SQL_BLOCK.sub("", text)
    relations = sorted(set().union(*(relations_in(sql) for sql in queries.values())) if queries else set())
    rel = path.relative_to(pages_dir).with_suffix(".html").as_posix()
    return Page(
        source=path,
        url=rel,
        title=str(front.get("title") or path.stem.replace("_", " ").title()),
        front_matter=front,
        queries=queries,
        body=body,
        relations=tuple(relations),
    )


def discover_pages(pages_dir: Path = PAGES_DIR) -> list[Page]:
    """Every page under pages/, index pages first, then by path."""
    paths = sorted(pages_dir.rglob("*.md"), key=lambda p: (p.name != "index.md", p.as_posix()))
    return [parse_page(path, pages_dir) for path in paths]

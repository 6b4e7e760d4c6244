"""Reading a page: front matter, named SQL blocks, and the markdown body.

A page looks like:

    ---
    title: Scorecard
    ---
    ```sql revenue
    select * from scorecard.fct_kpi_values where kpi_id = 'revenue'
    ```
    # Revenue
    {{ big_value(revenue, value='actual_value', title='Revenue') }}

The file path under pages/ is the URL: pages/sales/index.md → sales/index.html.

A file named `[column].md` is a templated page: its front matter names the SQL block listing the
pages (`template: kpi_pages`), which runs once; every row becomes a page at the row's value of
`column` (pages/kpis/[kpi_id].md → kpis/revenue.html, kpis/nps.html, …). The page's other blocks
run once per row with the row's columns bound as parameters (`where kpi_id = $kpi_id`), and the
prose reads the row as `params`. Titles may use the row's columns: `title: "{kpi_name}"`.

Any page's SQL may read a shared query (queries/<name>.sql) by name, like a table; see
shared_queries.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reports.engine.relations import Relation
from reports.engine.shared_queries import SharedQuery, load_shared_queries, queries_dir_for, relations_through

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_SQL_BLOCK = re.compile(
    r"^```sql[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*\n(.*?)^```[ \t]*$\n?", re.DOTALL | re.MULTILINE
)
_TEMPLATE_NAME = re.compile(r"\[([A-Za-z_][A-Za-z0-9_]*)\]")


class PageError(ValueError):
    """A page that cannot be read; the message names the file."""


@dataclass(frozen=True)
class Page:
    source: Path
    url: str  # for a templated page a pattern: kpis/{kpi_id}.html
    title: str  # may hold {column} fields on a templated page
    front_matter: dict
    queries: dict[str, str]  # run for every page (with the row's parameters on a templated page)
    body: str
    relations: tuple[Relation, ...] = field(default=())  # the marts it reads, for lineage
    template: str | None = None  # SQL listing one row per page, for [column].md files
    asset_path: tuple[str, ...] = field(default=())  # its Dagster asset key under reports/

    @property
    def is_template(self) -> bool:
        return self.template is not None


def _asset_path(rel: Path) -> tuple[str, ...]:
    """A Dagster-safe key path for a page file: kpis/[kpi_id].md → ('kpis', 'kpi_id')."""
    parts = [*rel.parent.parts, rel.stem]
    return tuple(re.sub(r"[^A-Za-z0-9_]", "_", _TEMPLATE_NAME.sub(r"\1", part)) for part in parts)


def parse_page(
    path: Path, pages_dir: Path = PAGES_DIR, shared: Mapping[str, SharedQuery] | None = None
) -> Page:
    shared = shared or {}
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
        if name in queries or name == "params":
            raise PageError(f"{path}: SQL block {name!r} is named twice or takes the reserved name `params`")
        queries[name] = sql.strip()
    body = _SQL_BLOCK.sub("", text)
    rel = path.relative_to(pages_dir)
    template = _template_query(path, rel, front, queries)
    url = rel.with_suffix(".html").as_posix()
    url = _TEMPLATE_NAME.sub(r"{\1}", url)
    every_sql = [*queries.values(), *([template] if template else [])]
    relations = set().union(*(relations_through(sql, shared) for sql in every_sql))
    return Page(
        source=path,
        url=url,
        title=str(front.get("title") or path.stem.strip("[]").replace("_", " ").title()),
        front_matter=front,
        queries=queries,
        body=body,
        relations=tuple(sorted(relations)),
        template=template,
        asset_path=_asset_path(rel),
    )


def _template_query(path: Path, rel: Path, front: dict, queries: dict[str, str]) -> str | None:
    """The SQL listing a templated page's rows, taken out of the per-page queries."""
    bracketed = _TEMPLATE_NAME.fullmatch(rel.stem)
    name = front.get("template")
    if not bracketed and name is None:
        return None
    if not bracketed:
        raise PageError(f"{path}: only a [column].md page can have a template")
    if name not in queries:
        raise PageError(f"{path}: front matter `template:` must name one of its SQL blocks")
    if _TEMPLATE_NAME.search(rel.parent.as_posix()):
        raise PageError(f"{path}: only the file name of a templated page may be [column]")
    return queries.pop(name)


def discover_pages(
    pages_dir: Path = PAGES_DIR, shared: Mapping[str, SharedQuery] | None = None
) -> list[Page]:
    """Every page under pages/, index pages first, then by path."""
    if shared is None:
        shared = load_shared_queries(queries_dir_for(pages_dir))
    paths = sorted(pages_dir.rglob("*.md"), key=lambda p: (p.name != "index.md", p.as_posix()))
    return [parse_page(path, pages_dir, shared) for path in paths]

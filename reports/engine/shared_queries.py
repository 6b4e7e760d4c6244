"""Shared queries: reports/queries/<name>.sql, beside reports/pages.

Each runs once per build into a temporary table of its name, so any page's SQL (and any other
shared query) reads it like a table: `from kpi_scorecard`. A page depends on the marts its shared
queries read, for lineage.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reports.engine.relations import Relation, bare_names_in, relations_in

_NAME = re.compile(r"[a-z_][a-z0-9_]*")


class SharedQueryError(ValueError):
    """A shared query that cannot be used; the message names the file."""


@dataclass(frozen=True)
class SharedQuery:
    name: str
    sql: str
    relations: tuple[Relation, ...]  # marts it reads, directly or through other shared queries


def queries_dir_for(pages_dir: Path) -> Path:
    """Shared queries sit beside the pages: reports/queries for reports/pages."""
    return pages_dir.parent / "queries"


def load_shared_queries(queries_dir: Path) -> dict[str, SharedQuery]:
    """Every shared query, each after the shared queries it reads."""
    if not queries_dir.is_dir():
        return {}
    texts = {
        path.stem: path.read_text(encoding="utf-8").strip() for path in sorted(queries_dir.glob("*.sql"))
    }
    for name in texts:
        if not _NAME.fullmatch(name):
            raise SharedQueryError(
                f"{queries_dir / name}.sql: a shared query's name must be lower_snake_case"
            )
    reads = {name: bare_names_in(sql) & set(texts) - {name} for name, sql in texts.items()}
    ordered: dict[str, SharedQuery] = {}

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in ordered:
            return
        if name in trail:
            raise SharedQueryError(
                f"{queries_dir}: shared queries read each other in a circle: {' → '.join(trail)}"
            )
        for other in sorted(reads[name]):
            visit(other, (*trail, name))
        relations = relations_in(texts[name]).union(*(ordered[other].relations for other in reads[name]))
        ordered[name] = SharedQuery(name=name, sql=texts[name], relations=tuple(sorted(relations)))

    for name in sorted(texts):
        visit(name, ())
    return ordered


def relations_through(sql: str, shared: Mapping[str, SharedQuery]) -> set[Relation]:
    """The marts a query reads: its own and those of the shared queries it reads."""
    relations = relations_in(sql)
    for name in bare_names_in(sql) & set(shared):
        relations |= set(shared[name].relations)
    return relations

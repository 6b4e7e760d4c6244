"""Running a page's SQL blocks, read-only, against the marts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import duckdb


class QueryError(ValueError):
    """A page query that failed; the message names the page and the query."""


@dataclass(frozen=True)
class QueryResult:
    """Rows of one named query. Iterating gives each row as a dict."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)

    @property
    def first(self) -> dict[str, Any]:
        """The first row, or an empty dict when there are no rows."""
        return self.rows[0] if self.rows else {}

    def column(self, name: str) -> list[Any]:
        return [row.get(name) for row in self.rows]


def run_query(con: duckdb.DuckDBPyConnection, name: str, sql: str, page: str) -> QueryResult:
    try:
        cursor = con.execute(sql)
        columns = tuple(d[0] for d in cursor.description or ())
        rows = tuple(dict(zip(columns, row, strict=True)) for row in cursor.fetchall())
    except duckdb.Error as exc:
        raise QueryError(f"{page}: query {name!r} failed: {str(exc).splitlines()[0]}") from exc
    return QueryResult(name=name, columns=columns, rows=rows)

"""Running a page's SQL blocks, read-only, against the marts.

Values from data (a templated page's row) reach SQL only as bound parameters (`$kpi_id`), never
as text spliced into the query.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import duckdb

from reports.engine.shared_queries import SharedQuery

_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


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

    @property
    def last(self) -> dict[str, Any]:
        """The last row, or an empty dict when there are no rows."""
        return self.rows[-1] if self.rows else {}

    def column(self, name: str) -> list[Any]:
        return [row.get(name) for row in self.rows]

    def count(self, name: str) -> int:
        """How many rows have a value in the column."""
        return sum(row.get(name) is not None for row in self.rows)

    def where(self, **equals: Any) -> QueryResult:
        """The rows whose columns equal the given values, e.g. `history.where(kpi_id=kpi.kpi_id)`."""
        rows = tuple(row for row in self.rows if all(row.get(k) == v for k, v in equals.items()))
        return QueryResult(name=self.name, columns=self.columns, rows=rows)


def run_query(
    con: duckdb.DuckDBPyConnection,
    name: str,
    sql: str,
    page: str,
    params: Mapping[str, Any] | None = None,
) -> QueryResult:
    """Run one named query with the parameters it names (`$column`) bound from `params`."""
    wanted = set(_PARAMETER.findall(sql))
    missing = wanted - set(params or {})
    if missing:
        raise QueryError(
            f"{page}: query {name!r} uses ${', $'.join(sorted(missing))}, which the page has not"
        )
    bound = {key: (params or {})[key] for key in wanted}
    try:
        cursor = con.execute(sql, bound) if bound else con.execute(sql)
        columns = tuple(d[0] for d in cursor.description or ())
        rows = tuple(dict(zip(columns, row, strict=True)) for row in cursor.fetchall())
    except duckdb.Error as exc:
        raise QueryError(f"{page}: query {name!r} failed: {str(exc).splitlines()[0]}") from exc
    return QueryResult(name=name, columns=columns, rows=rows)


def load_shared(con: duckdb.DuckDBPyConnection, shared: Mapping[str, SharedQuery]) -> None:
    """Run every shared query once into a temporary table of its name (in dependency order), so
    page queries read it like a table. The warehouse stays read-only: temp tables live in memory."""
    for query in shared.values():
        try:
            con.execute(f'create or replace temp table "{query.name}" as {query.sql}')
        except duckdb.Error as exc:
            raise QueryError(f"queries/{query.name}.sql failed: {str(exc).splitlines()[0]}") from exc

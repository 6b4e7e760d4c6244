"""Make Great Expectations' SQL path work on DuckDB.

GX 1.x closes its SQLAlchemy connection after each metric query unless the dialect is one it
lists as needing a persisted connection. DuckDB returns results lazily, so a closed connection
loses them and GX reports wrong metric errors ("list index out of range"). Adding DuckDB to that
list makes GX keep one connection open, as it does for SQLite. This is the only patch to GX.
"""

from __future__ import annotations

from great_expectations.execution_engine import sqlalchemy_execution_engine as _engine


class _DuckDBDialectName(str):
    """Compares equal to the dialect name "duckdb" and has the `.value` GX reads from its enum."""

    value = "duckdb"


_DUCKDB = _DuckDBDialectName("duckdb")


def keep_duckdb_connections_open() -> None:
    """Idempotently add DuckDB to GX's persisted-connection dialects."""
    dialects = _engine._PERSISTED_CONNECTION_DIALECTS
    if _DUCKDB not in dialects:
        _engine._PERSISTED_CONNECTION_DIALECTS = (*dialects, _DUCKDB)

"""Which relations a query reads, found in its text: the marts (`schema.table`, for lineage) and
the shared queries (a bare name after `from` or `join`)."""

from __future__ import annotations

import re

Relation = tuple[str, str]

_QUALIFIED = re.compile(r"\b(?:from|join)\s+([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)", re.IGNORECASE)
_BARE = re.compile(r"\b(?:from|join)\s+([a-z_][a-z0-9_]*)\b(?!\s*\.)", re.IGNORECASE)


def relations_in(sql: str) -> set[Relation]:
    """The `schema.table` relations a query reads."""
    return {(schema.lower(), table.lower()) for schema, table in _QUALIFIED.findall(sql)}


def bare_names_in(sql: str) -> set[str]:
    """Unqualified names a query reads from (CTEs among them; callers keep the ones they know)."""
    return {name.lower() for name in _BARE.findall(sql)}

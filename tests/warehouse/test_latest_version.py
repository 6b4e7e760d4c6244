"""`latest_version`, the de-duplication every staging model starts with: on a DuckDB table it ranks
only the repeated keys by row id, elsewhere every row with `row_number()`. Both keep the same rows:
one per key, the first in the given order, a null key counting as one key."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.dbt_cli import compile_inline

# (k1, k2, updated_at, loaded_at, payload): the rows named "keep" are the newest of their key.
ROWS = [
    ("a", 1, 1, 1, "old"),
    ("a", 1, 2, 1, "keep a1"),
    ("a", 2, 1, 1, "keep a2"),
    (None, 1, 1, 1, "old"),
    (None, 1, 3, 1, "keep null-1"),
    ("b", None, 5, 1, "keep b-null"),
    ("b", None, 4, 1, "old"),
    ("c", 1, 1, 1, "old"),
    ("c", 1, 1, 2, "keep c1 (loaded later)"),
    ("c", 1, 1, 1, "old"),
]
KEPT = sorted(row[4] for row in ROWS if row[4].startswith("keep"))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The catalog is the file's stem, which the inline SQL below names.
    path = tmp_path_factory.mktemp("latest_version") / "upt.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw")
        con.execute(
            "create table raw.versions "
            "(k1 varchar, k2 integer, updated_at integer, loaded_at integer, payload varchar)"
        )
        con.executemany("insert into raw.versions values (?, ?, ?, ?, ?)", ROWS)
        con.execute("create view raw.versions_view as select * from raw.versions")
    return path


def _compiled(warehouse: Path, call: str) -> str:
    """The SQL dbt renders for one macro call on `raw.<relation>`."""
    relations = "".join(
        f"{{% set {name} = api.Relation.create(database='upt', schema='raw', identifier='{name}') %}}"
        for name in ("versions", "versions_view")
    )
    return compile_inline(f"{relations}select k1, k2, payload from ({call}) as latest", warehouse)


def _kept(warehouse: Path, sql: str) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return sorted(row[2] for row in con.execute(sql).fetchall())


ORDER = "'updated_at desc, loaded_at desc'"


@pytest.mark.parametrize(
    ("call", "ranks_by_row_id"),
    [
        (f"{{{{ latest_version(versions, ['k1', 'k2'], {ORDER}) }}}}", True),
        (f"{{{{ latest_version(versions_view, ['k1', 'k2'], {ORDER}) }}}}", False),
        (f"{{{{ default__latest_version(versions, ['k1', 'k2'], {ORDER}) }}}}", False),
    ],
    ids=["duckdb table", "duckdb view", "every other warehouse"],
)
def test_each_key_keeps_its_newest_version(warehouse: Path, call: str, ranks_by_row_id: bool) -> None:
    sql = _compiled(warehouse, call)
    assert ("rowid" in sql) is ranks_by_row_id
    assert _kept(warehouse, sql) == KEPT


def test_a_single_key_column_may_be_named_alone(warehouse: Path) -> None:
    sql = _compiled(warehouse, f"{{{{ latest_version(versions, 'k1', {ORDER}) }}}}")
    # Per k1 alone: a's newest is "keep a1" (updated 2), the null k1's "keep null-1", b's "keep
    # b-null", c's the row loaded later.
    assert _kept(warehouse, sql) == ["keep a1", "keep b-null", "keep c1 (loaded later)", "keep null-1"]

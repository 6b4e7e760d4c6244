"""`relationships_once_arrived`, the generic test on a fact's parent key where the parent can land
after the child (a return or a shipment before its order's header, which arrives up to 4 days
late): a child without a parent fails only once it is more than `late_days` older than the newest
child."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.dbt_cli import compile_inline

ORDERS = ["o1", "o2"]
# (return_id, order_id, returned_date); the newest return is of 2026-11-30.
RETURNS = [
    ("r1", "o1", "2026-11-01"),  # its order is there
    ("r2", "o2", "2026-11-30"),
    ("r3", None, "2026-11-10"),  # no order to look for
    ("r4", "o9", "2026-11-30"),  # landed today, its order not yet: waits
    ("r5", "o8", "2026-11-26"),  # 4 days old: still within the lateness allowed
    ("r6", "o7", "2026-11-25"),  # 5 days old: its order is missing, not late
    ("r7", "o7", "2026-10-02"),
]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The catalog is the file's stem, which the inline SQL below names.
    path = tmp_path_factory.mktemp("late_parents") / "upt.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw")
        con.execute("create table raw.orders (order_id varchar)")
        con.executemany("insert into raw.orders values (?)", [(order,) for order in ORDERS])
        con.execute("create table raw.returns (return_id varchar, order_id varchar, returned_date date)")
        con.executemany("insert into raw.returns values (?, ?, ?)", RETURNS)
    return path


def _failing_rows(warehouse: Path, late_days: int) -> list[tuple[str, str]]:
    relations = "".join(
        f"{{% set {name} = api.Relation.create(database='upt', schema='raw', identifier='{name}') %}}"
        for name in ("orders", "returns")
    )
    arguments = (
        "model=returns, column_name='order_id', to=orders, field='order_id', "
        f"date_column='returned_date', late_days={late_days}"
    )
    sql = compile_inline(relations + "{{ test_relationships_once_arrived(" + arguments + ") }}", warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        failing = f"select from_field, cast(child_date as varchar) from ({sql}) as failing"
        return sorted(con.execute(failing).fetchall())


def test_a_child_waits_for_a_late_parent_until_the_lateness_allowed_is_over(warehouse: Path) -> None:
    assert _failing_rows(warehouse, late_days=4) == [("o7", "2026-10-02"), ("o7", "2026-11-25")]


def test_with_no_lateness_allowed_only_the_newest_day_waits(warehouse: Path) -> None:
    assert _failing_rows(warehouse, late_days=0) == [
        ("o7", "2026-10-02"),
        ("o7", "2026-11-25"),
        ("o8", "2026-11-26"),
    ]

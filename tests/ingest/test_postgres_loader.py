"""The loader on a real PostgreSQL server: the same raw rows as DuckDB, each file once, all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import psycopg2
import pytest
import sqlalchemy as sa

from orchestration.ingest.contracts import ColumnContract, TableContract, load_contracts
from orchestration.ingest.loader import LandingFileError, load_table
from orchestration.resources import WarehouseResource
from tests.landing_files import ORDER_COLUMNS, order, write_csv, write_small_order_history
from tests.postgres_server import PostgresServer


def _oms_table(name: str) -> TableContract:
    oms = next(system for system in load_contracts() if system.system == "oms")
    return next(table for table in oms.tables if table.name == name)


ORDER_TABLES = [_oms_table("orders"), _oms_table("fx_rates")]

# Every contract type, and the values a CSV round trip gets wrong most easily.
EVERY_TYPE_COLUMNS = {
    "id": "integer", "big": "bigint", "label": "varchar", "ratio": "double", "amount": "decimal(18,2)",
    "flag": "boolean", "day": "date", "at_local": "timestamp", "at": "timestamptz", "payload": "json",
    "absent": "varchar",
}  # fmt: skip
EVERY_TYPE = TableContract(
    system="demo",
    name="every_type",
    description="",
    path="every_type_*.jsonl",
    format="jsonl",
    primary_key=("id",),
    columns=tuple(ColumnContract(name=name, type=type_) for name, type_ in EVERY_TYPE_COLUMNS.items()),
)
EVERY_TYPE_ROWS: list[dict[str, Any]] = [
    {"id": 1, "big": 9007199254740993, "label": 'comma, "quote"\nand newline', "ratio": 0.1,
     "amount": "12.30", "flag": True, "day": "2025-01-30", "at_local": "2025-01-30 23:59:59.123456",
     "at": "2025-01-30T23:30:00-05:00", "payload": {"tags": ["a", "b"], "n": 1.5, "nested": {"x": None}}},
    {"id": 2, "big": -1, "label": "", "ratio": -1e300, "amount": "-0.01", "flag": False, "day": "1969-12-31",
     "at_local": "1999-12-31 00:00:00", "at": "2025-06-01T00:00:00+09:00", "payload": {}},
    {"id": 3, "big": None, "label": None, "ratio": None, "amount": None, "flag": None, "day": None,
     "at_local": None, "at": None, "payload": None},
    {"id": 4, "big": 0, "label": "\\.", "ratio": 1e-12, "amount": "0", "flag": True, "day": "2024-02-29",
     "at_local": "2024-02-29 12:00:00", "at": "2024-02-29T12:00:00Z", "payload": [1, "two", 3]},
]  # fmt: skip


@pytest.fixture
def pg(postgres_database: PostgresServer) -> Iterator[psycopg2.extensions.connection]:
    con = postgres_database.connect()
    yield con
    con.close()


@pytest.fixture
def duck(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    yield con
    con.close()


def _query(con: Any, sql: str) -> list[tuple[Any, ...]]:
    """Run a query on either warehouse (a psycopg2 connection ends its read transaction)."""
    if isinstance(con, duckdb.DuckDBPyConnection):
        return con.execute(sql).fetchall()
    with con, con.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def _normalise(value: Any, type_: str) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)  # compared as instants, whatever the session time zone
    if type_ == "json" and isinstance(value, str):
        return json.loads(value)  # DuckDB returns JSON text, psycopg2 the parsed jsonb
    return value


def _raw_rows(con: Any, table: TableContract) -> list[tuple[Any, ...]]:
    """Every contract column and the source file of each row, in a stable order."""
    names = ", ".join(f'"{c.name}"' for c in table.columns)
    rows = _query(con, f'select {names}, _source_file from raw."{table.raw_table}"')
    types = [c.type for c in table.columns] + ["varchar"]
    normalised = [tuple(_normalise(v, t) for v, t in zip(row, types, strict=True)) for row in rows]
    return sorted(normalised, key=repr)


def _load_log(con: Any) -> list[tuple[Any, ...]]:
    return sorted(
        _query(con, "select raw_table, file_path, file_sha256, file_bytes, row_count from raw._upt_loads")
    )


def test_postgres_gets_the_same_raw_rows_as_duckdb(tmp_path: Path, duck, pg) -> None:
    write_small_order_history(tmp_path / "landing")
    for table, rows in zip(ORDER_TABLES, (9, 12), strict=True):
        assert load_table(pg, table, tmp_path / "landing") == load_table(duck, table, tmp_path / "landing")
        assert len(_raw_rows(pg, table)) == rows
        assert _raw_rows(pg, table) == _raw_rows(duck, table)
    assert _load_log(pg) == _load_log(duck)
    assert _query(
        pg, "select count(distinct _load_id), min(_loaded_at) is not null from raw.oms__orders"
    ) == [(3, True)]


def test_every_contract_type_arrives_unchanged(tmp_path: Path, duck, pg) -> None:
    landing = tmp_path / "landing"
    path = landing / "demo" / "every_type_2025-01-30.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text("".join(json.dumps(row) + "\n" for row in EVERY_TYPE_ROWS))
    load_table(duck, EVERY_TYPE, landing)
    load_table(pg, EVERY_TYPE, landing)
    assert _raw_rows(pg, EVERY_TYPE) == _raw_rows(duck, EVERY_TYPE)
    label, absent = _query(pg, "select label, absent from raw.demo__every_type where id = 2")[0]
    assert (label, absent) == ("", None)  # an empty string stays empty, a missing column is null
    columns = "select column_name, data_type from information_schema.columns where table_name = "
    types = dict(_query(pg, columns + "'demo__every_type'"))
    assert types["payload"] == "jsonb" and types["ratio"] == "double precision"
    assert types["at"] == types["_loaded_at"] == "timestamp with time zone"


def test_loading_twice_loads_nothing_new_on_postgres(tmp_path: Path, pg) -> None:
    write_small_order_history(tmp_path / "landing")
    first = load_table(pg, ORDER_TABLES[0], tmp_path / "landing")
    second = load_table(pg, ORDER_TABLES[0], tmp_path / "landing")
    assert first.rows_loaded == 9 and len(first.loaded_files) == 3
    assert second.rows_loaded == 0 and second.skipped_files == first.loaded_files
    assert second.total_rows == 9
    assert _query(pg, "select count(*) from raw._upt_loads") == [(3,)]


def _write_next_day(landing: Path, total: str = "12.00") -> Path:
    return write_csv(
        landing / "oms/orders/orders_2025-02-02.csv",
        ORDER_COLUMNS,
        [
            order("SO-10", "2025-02-02T10:00:00+00:00", "USD", "12.00"),
            order("SO-11", "2025-02-02T11:00:00+00:00", "USD", total),
        ],
    )


def _rows_and_loads_of(pg, file_part: str) -> list[tuple[Any, ...]]:
    return _query(
        pg,
        f"select (select count(*) from raw.oms__orders where _source_file like '%{file_part}%'), "
        f"(select count(*) from raw._upt_loads where file_path like '%{file_part}%')",
    )


def test_a_bad_file_loads_nothing_on_postgres(tmp_path: Path, pg) -> None:
    landing = tmp_path / "landing"
    write_small_order_history(landing)
    bad = _write_next_day(landing, total="twelve")
    with pytest.raises(LandingFileError) as error:
        load_table(pg, ORDER_TABLES[0], landing)
    assert str(bad) in str(error.value) and "line 3" in str(error.value)
    assert _rows_and_loads_of(pg, "02-02") == [(0, 0)]
    assert _query(pg, "select count(*) from raw.oms__orders") == [(9,)]


def test_rows_and_their_load_log_row_commit_together_on_postgres(tmp_path: Path, pg) -> None:
    """The rows are copied first; when the load-log row is then refused, the copied rows go too."""
    landing = tmp_path / "landing"
    write_small_order_history(landing)
    load_table(pg, ORDER_TABLES[0], landing)
    with pg, pg.cursor() as cur:
        cur.execute("alter table raw._upt_loads add constraint no_feb_2 check (file_path not like '%02-02%')")
    _write_next_day(landing)
    with pytest.raises(psycopg2.errors.CheckViolation):
        load_table(pg, ORDER_TABLES[0], landing)
    assert _rows_and_loads_of(pg, "02-02") == [(0, 0)]
    assert _query(pg, "select count(*) from raw.oms__orders") == [(9,)]


def test_the_warehouse_resource_loads_into_postgres_and_reads_through_sqlalchemy(
    tmp_path: Path, postgres_database: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in postgres_database.env().items():
        monkeypatch.setenv(name, value)
    warehouse = WarehouseResource(path=str(tmp_path / "unused.duckdb"), target="postgres")
    write_small_order_history(tmp_path / "landing")
    with warehouse.connect() as con:
        assert load_table(con, ORDER_TABLES[0], tmp_path / "landing").total_rows == 9
    assert warehouse.sqlalchemy_url().startswith("postgresql+psycopg2://")
    engine = sa.create_engine(warehouse.sqlalchemy_url())
    try:
        with engine.connect() as con:
            assert con.execute(sa.text("select count(*) from raw.oms__orders")).scalar() == 9
            with pytest.raises(sa.exc.InternalError, match="read-only transaction"):
                con.execute(sa.text("delete from raw.oms__orders"))
    finally:
        engine.dispose()
    assert not (tmp_path / "unused.duckdb").exists()

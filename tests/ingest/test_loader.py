"""Loading landing files into raw: whole files or nothing, each file once, landing left untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.contracts import load_contracts
from orchestration.ingest.loader import LandingFileError, load_table
from tests.landing_files import ORDER_COLUMNS, order, write_csv, write_small_order_history


def _orders_contract():
    oms = next(system for system in load_contracts() if system.system == "oms")
    return next(table for table in oms.tables if table.name == "orders")


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def con(tmp_path: Path):
    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    yield connection
    connection.close()


def test_loading_twice_loads_nothing_new(tmp_path: Path, con) -> None:
    write_small_order_history(tmp_path / "landing")
    first = load_table(con, _orders_contract(), tmp_path / "landing")
    second = load_table(con, _orders_contract(), tmp_path / "landing")
    assert first.rows_loaded == 9 and len(first.loaded_files) == 3
    assert second.rows_loaded == 0 and len(second.skipped_files) == 3
    assert second.total_rows == first.total_rows == 9


def test_every_row_carries_its_file_and_load(tmp_path: Path, con) -> None:
    write_small_order_history(tmp_path / "landing")
    load_table(con, _orders_contract(), tmp_path / "landing")
    rows = con.execute(
        "select _source_file, count(distinct _load_id), count(*), min(_loaded_at) is not null "
        "from raw.oms__orders group by 1 order by 1"
    ).fetchall()
    assert rows == [
        ("oms/orders/orders_2025-01-30.csv", 1, 4, True),
        ("oms/orders/orders_2025-01-31.csv", 1, 4, True),
        ("oms/orders/orders_2025-02-01.csv", 1, 1, True),
    ]


def test_a_new_file_is_picked_up_on_the_next_load(tmp_path: Path, con) -> None:
    landing = tmp_path / "landing"
    write_small_order_history(landing)
    load_table(con, _orders_contract(), landing)
    write_csv(
        landing / "oms/orders/orders_2025-02-02.csv",
        ORDER_COLUMNS,
        [order("SO-9", "2025-02-02T10:00:00+00:00", "USD", "5")],
    )
    result = load_table(con, _orders_contract(), landing)
    assert result.loaded_files == ["oms/orders/orders_2025-02-02.csv"]
    assert result.total_rows == 10


def test_a_bad_value_names_file_column_and_line_and_loads_nothing_of_that_file(tmp_path: Path, con) -> None:
    landing = tmp_path / "landing"
    write_small_order_history(landing)
    bad = write_csv(
        landing / "oms/orders/orders_2025-02-02.csv",
        ORDER_COLUMNS,
        [
            order("SO-10", "2025-02-02T10:00:00+00:00", "USD", "12.00"),
            order("SO-11", "2025-02-02T11:00:00+00:00", "USD", "twelve"),
        ],
    )
    before = _digest(landing)
    with pytest.raises(LandingFileError) as error:
        load_table(con, _orders_contract(), landing)
    message = str(error.value)
    assert str(bad) in message and "order_total" in message and "line 3" in message and "twelve" in message
    assert "decimal(18,2)" in message
    # the good files before it are loaded, nothing of the bad one is
    assert con.execute(
        "select count(*) from raw.oms__orders where _source_file like '%02-02%'"
    ).fetchone() == (0,)
    assert con.execute("select count(*) from raw.oms__orders").fetchone() == (9,)
    assert _digest(landing) == before


def test_a_missing_required_column_is_named(tmp_path: Path, con) -> None:
    landing = tmp_path / "landing"
    columns = [c for c in ORDER_COLUMNS if c != "currency"]
    row = order("SO-1", "2025-01-30T10:00:00+01:00", "EUR", "1")
    del row[ORDER_COLUMNS.index("currency")]
    path = write_csv(landing / "oms/orders/orders_2025-01-30.csv", columns, [row])
    with pytest.raises(LandingFileError, match="missing required column\\(s\\) currency") as error:
        load_table(con, _orders_contract(), landing)
    assert str(path) in str(error.value)

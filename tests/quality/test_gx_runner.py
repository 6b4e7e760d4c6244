"""GX suites run through SQL on the DuckDB file, name what failed, and release the file."""

from __future__ import annotations

from pathlib import Path

import duckdb

from orchestration.ingest.contracts import load_contracts
from orchestration.ingest.loader import load_table
from quality.runner import validate_suite
from quality.suites import ALL_SUITES
from tests.landing_files import ORDER_COLUMNS, order, write_csv, write_small_order_history

ORDERS_SUITE = next(s for s in ALL_SUITES if s.name == "raw_oms__orders")


def _load(landing: Path, warehouse: Path) -> None:
    oms = next(system for system in load_contracts() if system.system == "oms")
    con = duckdb.connect(str(warehouse))
    for table in oms.tables:
        load_table(con, table, landing)
    con.close()


def test_clean_orders_pass_and_the_file_is_released(tmp_path: Path) -> None:
    write_small_order_history(tmp_path / "landing")
    warehouse = tmp_path / "w.duckdb"
    _load(tmp_path / "landing", warehouse)
    outcome = validate_suite(ORDERS_SUITE, f"duckdb:///{warehouse}?access_mode=read_only")
    assert outcome.passed and not outcome.failures
    duckdb.connect(str(warehouse)).close()  # a writer gets in: GX left no connection open


def test_negative_amount_blocks_and_is_described(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    write_small_order_history(landing)
    write_csv(
        landing / "oms/orders/orders_2025-02-03.csv",
        ORDER_COLUMNS,
        [order("SO-99", "2025-02-03T10:00:00+00:00", "USD", "-42.50")],
    )
    warehouse = tmp_path / "w.duckdb"
    _load(landing, warehouse)
    outcome = validate_suite(ORDERS_SUITE, f"duckdb:///{warehouse}?access_mode=read_only")
    assert not outcome.passed
    [failure] = [f for f in outcome.failures if f.blocks]
    assert failure.column == "order_total" and failure.unexpected_count == 1
    assert "-42.5" in failure.describe()

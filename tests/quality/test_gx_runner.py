"""GX suites run through SQL on the DuckDB file, name what failed, and release the file."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb

from orchestration.ingest.contracts import load_contracts
from orchestration.ingest.loader import load_table
from quality.runner import validate_suite
from quality.suites import ALL_SUITES
from tests.landing_files import ORDER_COLUMNS, order, write_csv, write_small_order_history

ORDERS_SUITE = next(s for s in ALL_SUITES if s.name == "raw_oms__orders")
FX_SUITE = next(s for s in ALL_SUITES if s.name == "raw_oms__fx_rates")
CURRENCIES = ("EUR", "GBP", "JPY", "USD")


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


def _write_fx_month(landing: Path, first_day: date, days: int) -> None:
    """One monthly rate file (fx_rates_YYYYMM.csv) holding its first `days` days."""
    rows = [
        [(first_day + timedelta(days=offset)).isoformat(), currency, "1.25000000"]
        for offset in range(days)
        for currency in CURRENCIES
    ]
    path = landing / f"oms/fx_rates/fx_rates_{first_day:%Y%m}.csv"
    write_csv(path, ["rate_date", "currency", "usd_per_unit"], rows)


def _fx_volume_failures(tmp_path: Path, days_in_month: dict[int, int]) -> list:
    """Monthly rate files of 2025 holding the given number of days (whole months by default), then
    the blocking failures of the suite."""
    landing = tmp_path / "landing"
    for month in (1, 2, 3, 4, 5):
        first = date(2025, month, 1)
        whole = ((first + timedelta(days=31)).replace(day=1) - first).days
        _write_fx_month(landing, first, days_in_month.get(month, whole))
    warehouse = tmp_path / "w.duckdb"
    _load(landing, warehouse)
    outcome = validate_suite(FX_SUITE, f"duckdb:///{warehouse}?access_mode=read_only")
    return [f for f in outcome.failures if f.blocks]


def test_the_first_day_of_a_monthly_export_is_not_a_collapse(tmp_path: Path) -> None:
    # The newest file, of the month in progress, holds one day of the usual thirty: per day, it
    # is a usual file.
    assert _fx_volume_failures(tmp_path, {5: 1}) == []


def test_an_earlier_month_cut_short_blocks(tmp_path: Path) -> None:
    # March's export stopped after five days, and April's and May's came after it.
    [failure] = _fx_volume_failures(tmp_path, {3: 5})
    assert failure.column == "share_of_usual_rows"
    assert "fx_rates_202503.csv" in failure.describe()

"""Every file the simulator writes matches its landing-file contract, read with DuckDB."""

from __future__ import annotations

from fnmatch import fnmatch

import duckdb
import pytest

from orchestration.simulator import GenerationSummary
from tests.simulator.reading import CONTRACTS, landing_files, scan, table_files

ORIGINAL_OMS_COLUMNS = {
    "orders": [
        ("order_id", "varchar"), ("customer_id", "varchar"), ("store_id", "varchar"), ("channel", "varchar"),
        ("region_code", "varchar"), ("ordered_at", "timestamptz"), ("currency", "varchar"),
        ("order_total", "decimal(18,2)"), ("status", "varchar"), ("updated_at", "timestamptz"),
    ],
    "fx_rates": [("rate_date", "date"), ("currency", "varchar"), ("usd_per_unit", "decimal(18,8)")],
}  # fmt: skip


def test_every_system_has_a_contract_and_every_table_has_files(small_run: GenerationSummary) -> None:
    systems = {c.system for c in CONTRACTS.values()}
    assert systems == {"crm", "oms", "marketing", "web", "erp", "ledger", "helpdesk", "hris"}
    empty = [key for key in CONTRACTS if not table_files(small_run.out_dir, key)]
    assert not empty, f"tables without files: {empty}"
    assert set(small_run.rows) == set(CONTRACTS)
    assert all(small_run.rows[key] > 0 for key in CONTRACTS)


def test_the_original_oms_tables_are_unchanged() -> None:
    for name, columns in ORIGINAL_OMS_COLUMNS.items():
        contract = CONTRACTS[f"oms.{name}"]
        assert [(c.name, c.type) for c in contract.columns] == columns
    assert CONTRACTS["oms.orders"].path == "orders/orders_*.csv"
    assert CONTRACTS["oms.fx_rates"].path == "fx_rates/fx_rates_*.csv"


def test_contracts_are_complete() -> None:
    allowed = {"varchar", "bigint", "integer", "double", "boolean", "date", "timestamp", "timestamptz"}
    allowed.add("json")
    for key, table in CONTRACTS.items():
        names = [c.name for c in table.columns]
        assert table.primary_key and set(table.primary_key) <= set(names), key
        assert table.loaded_at_field in names, key
        for column in table.columns:
            assert column.type in allowed or column.type.startswith("decimal("), (key, column.name)
            assert column.description.strip(), (key, column.name)


def test_no_file_outside_the_contracts(small_run: GenerationSummary) -> None:
    landing = small_run.out_dir
    globs = [f"{c.system}/{c.path}" for c in CONTRACTS.values()]
    names = [str(p.relative_to(landing)) for p in landing_files(landing)]
    stray = [name for name in names if not any(fnmatch(name, g) for g in globs)]
    assert not stray
    assert len(names) == small_run.files


@pytest.mark.parametrize("key", sorted(CONTRACTS))
def test_files_match_their_contract(small_run: GenerationSummary, key: str) -> None:
    """Per file: only contract columns (or their aliases), all required ones; per table (all files
    in one scan): every value casts to the declared type and required values are present."""
    contract = CONTRACTS[key]
    files = table_files(small_run.out_dir, key)
    names = {c.name: c for c in contract.columns}
    alias_of = {a: c.name for c in contract.columns for a in c.aliases}
    con = duckdb.connect()
    for path in files:
        present = [r[0] for r in con.sql(f"describe select * from {scan(path, contract.format)}").fetchall()]
        present.remove("filename")
        unknown = [n for n in present if n not in names and n not in alias_of]
        assert not unknown, f"{path}: columns outside the contract: {unknown}"
        found = {alias_of.get(n, n) for n in present}
        missing = [c.name for c in contract.columns if c.required and c.name not in found]
        assert not missing, f"{path}: required columns missing: {missing}"

    renamed = any(c.aliases for c in contract.columns)
    con.execute(
        f"create table rows as select * from {scan(files, contract.format, text=True, union=renamed)}"
    )
    present = {r[0] for r in con.sql("describe rows").fetchall()}
    checks = []
    for column in contract.columns:
        spellings = [n for n in (column.name, *column.aliases) if n in present]
        value = f"coalesce({', '.join(spellings)})"
        uncastable = f"{value} is not null and try_cast({value} as {column.type}) is null"
        checks.append(f"count(*) filter (where {uncastable})")
        checks.append(f"count(*) filter (where {value} is null)")
    counts = con.sql(f"select {', '.join(checks)} from rows").fetchone()
    for i, column in enumerate(contract.columns):
        bad, nulls = counts[2 * i], counts[2 * i + 1]
        assert bad == 0, f"{key}.{column.name}: {bad} values do not cast to {column.type}"
        if not column.nullable:
            assert nulls == 0, f"{key}.{column.name}: {nulls} nulls in a non-nullable column"

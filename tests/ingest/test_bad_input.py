"""Bad landing files: a clear error naming the file and the fault, nothing half-loaded, the file
left as it was, and every other source still loaded."""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.ingest.contracts import TableContract, load_contracts
from orchestration.ingest.loader import LandingFileError, load_table
from tests.landing_files import file_name_for, sample_records, write_table_file


def _table(system: str, fmt: str) -> TableContract:
    contract = next(s for s in load_contracts() if s.system == system)
    return next(t for t in contract.tables if t.format == fmt)


CSV = ("oms", "csv")
JSONL = ("crm", "jsonl")
JSON = ("helpdesk", "json")
PARQUET = ("erp", "parquet")


def _write_good(table: TableContract, landing: Path, stem: str = "2025-01-01") -> Path:
    return write_table_file(table, landing / table.system / file_name_for(table, stem), sample_records(table))


def _load_expecting_error(table: TableContract, landing: Path, warehouse: Path) -> str:
    landing = landing / table.system
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in landing.rglob("*") if p.is_file()}
    con = duckdb.connect(str(warehouse))
    try:
        with pytest.raises(LandingFileError) as error:
            load_table(con, table, landing.parent)
        rows = con.execute(
            f"select count(*) from raw.\"{table.raw_table}\" where _source_file like '%2025-01-02%'"
        ).fetchone()
        logged = con.execute(
            "select count(*) from raw._upt_loads where raw_table = ? and file_path like '%2025-01-02%'",
            [table.raw_table],
        ).fetchone()
    finally:
        con.close()
    assert rows == (0,) and logged == (0,), "nothing of the bad file is loaded or logged"
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in landing.rglob("*") if p.is_file()}
    assert after == before, "landing files are never changed"
    return str(error.value)


def test_bad_csv_quoting_names_the_file(tmp_path: Path) -> None:
    table = _table(*CSV)
    _write_good(table, tmp_path)
    good = (tmp_path / table.system / file_name_for(table)).read_text().splitlines()
    bad = tmp_path / table.system / file_name_for(table, "2025-01-02")
    bad.write_text(good[0] + "\n" + good[1] + "\n" + '"unterminated,' + good[2] + "\n")
    message = _load_expecting_error(table, tmp_path, tmp_path.parent / f"{tmp_path.name}.duckdb")
    assert str(bad) in message and "CSV" in message


def test_wrong_encoding_names_the_file(tmp_path: Path) -> None:
    table = _table(*CSV)
    _write_good(table, tmp_path)
    text = (tmp_path / table.system / file_name_for(table)).read_text().replace("X-2", "Zürich-Straße")
    bad = tmp_path / table.system / file_name_for(table, "2025-01-02")
    bad.write_bytes(text.encode("latin-1"))
    message = _load_expecting_error(table, tmp_path, tmp_path.parent / f"{tmp_path.name}.duckdb")
    assert str(bad) in message and "UTF-8" in message


def test_truncated_parquet_names_the_file(tmp_path: Path) -> None:
    table = _table(*PARQUET)
    _write_good(table, tmp_path)
    whole = (tmp_path / table.system / file_name_for(table)).read_bytes()
    bad = tmp_path / table.system / file_name_for(table, "2025-01-02")
    bad.write_bytes(whole[: len(whole) // 2])
    message = _load_expecting_error(table, tmp_path, tmp_path.parent / f"{tmp_path.name}.duckdb")
    assert str(bad) in message and "Parquet" in message


@pytest.mark.parametrize("kind", [JSONL, JSON])
def test_invalid_json_names_the_file(tmp_path: Path, kind: tuple[str, str]) -> None:
    table = _table(*kind)
    _write_good(table, tmp_path)
    good = (tmp_path / table.system / file_name_for(table)).read_text()
    bad = tmp_path / table.system / file_name_for(table, "2025-01-02")
    bad.write_text(good[: len(good) // 2] + "\n{not json at all\n")
    message = _load_expecting_error(table, tmp_path, tmp_path.parent / f"{tmp_path.name}.duckdb")
    assert str(bad) in message and "JSON" in message


@pytest.mark.parametrize("kind", [CSV, JSONL, JSON, PARQUET])
def test_missing_required_column_is_named(tmp_path: Path, kind: tuple[str, str]) -> None:
    table = _table(*kind)
    _write_good(table, tmp_path)
    dropped = next(c for c in table.columns if c.required and not c.aliases)
    records = [{k: v for k, v in r.items() if k != dropped.name} for r in sample_records(table)]
    bad = write_table_file(table, tmp_path / table.system / file_name_for(table, "2025-01-02"), records)
    message = _load_expecting_error(table, tmp_path, tmp_path.parent / f"{tmp_path.name}.duckdb")
    assert str(bad) in message and f"missing required column(s) {dropped.name}" in message


@pytest.mark.parametrize("kind", [CSV, JSONL, JSON, PARQUET])
def test_wrong_type_names_column_and_record(tmp_path: Path, kind: tuple[str, str]) -> None:
    table = _table(*kind)
    _write_good(table, tmp_path)
    typed = next(
        c
        for c in table.columns
        if c.type in ("date", "timestamptz", "integer", "bigint") or c.type.startswith("decimal")
    )
    records = sample_records(table)
    records[1][typed.name] = "not-a-value"
    bad = write_table_file(table, tmp_path / table.system / file_name_for(table, "2025-01-02"), records)
    message = _load_expecting_error(table, tmp_path, tmp_path.parent / f"{tmp_path.name}.duckdb")
    where = "line 3" if table.format == "csv" else "record 2"
    assert str(bad) in message and typed.name in message and where in message and "not-a-value" in message


def test_a_bad_file_stops_only_its_own_source(project_env) -> None:
    """Through Dagster: the bad table's asset fails, every other raw table loads."""
    landing = project_env.landing_dir
    tables = [t for s in load_contracts() for t in s.tables]
    for table in tables:
        _write_good(table, landing)
    broken = _table(*JSONL)
    (landing / broken.system / file_name_for(broken, "2025-01-02")).write_text("{broken\n")
    from orchestration.definitions import build_definitions

    defs = build_definitions()
    raw_keys = [dg.AssetKey(["raw", t.system, t.name]) for t in tables]
    job = defs.resolve_implicit_global_asset_job_def()
    result = job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), asset_selection=raw_keys, raise_on_error=False
    )
    materialized = {e.asset_key for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION"}
    assert dg.AssetKey(["raw", broken.system, broken.name]) not in materialized
    assert materialized == set(raw_keys) - {dg.AssetKey(["raw", broken.system, broken.name])}
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert file_name_for(broken, "2025-01-02") in str(failure.event_specific_data.error)

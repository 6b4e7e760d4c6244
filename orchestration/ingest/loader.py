"""Load landing files into the raw schema, one file per transaction.

DuckDB reads every landing file (it is the fastest reader we have for CSV, JSON and Parquet).
A file is checked against its contract first — required columns, types, nulls — and is then
loaded whole, together with its row in the load log, or not at all. A file already in the log
(same path, same content) is skipped, so loading twice changes nothing. Landing files are only
ever read.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.ingest.contracts import ColumnContract, TableContract

RAW_SCHEMA = "raw"
LOAD_LOG = "_upt_loads"
LINEAGE_COLUMNS = (("_source_file", "varchar"), ("_load_id", "varchar"), ("_loaded_at", "timestamptz"))


class LandingFileError(ValueError):
    """A landing file that does not match its contract. The message names the file and the fault."""


@dataclass
class TableLoadResult:
    raw_table: str
    loaded_files: list[str] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)
    rows_loaded: int = 0
    total_rows: int = 0


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def reader_sql(contract: TableContract, path: Path) -> str:
    """A DuckDB table function that reads the file as the source wrote it."""
    file = _literal(str(path))
    if contract.format == "csv":
        # All text: types are checked against the contract afterwards, so a bad value is reported
        # with its column and line instead of failing somewhere inside the sniffer.
        return f"read_csv({file}, header = true, all_varchar = true, strict_mode = true)"
    if contract.format == "jsonl":
        return f"read_json({file}, format = 'newline_delimited', maximum_depth = 1)"
    if contract.format == "json":
        return f"read_json({file}, format = 'array', maximum_depth = 1)"
    return f"read_parquet({file})"


def _source_columns(con: duckdb.DuckDBPyConnection, source: str, path: Path) -> list[str]:
    try:
        return [row[0] for row in con.execute(f"describe select * from {source}").fetchall()]
    except duckdb.Error as exc:
        raise LandingFileError(
            f"{path}: cannot be read as {_describe_format(path)}: {_first_line(exc)}"
        ) from exc


def _describe_format(path: Path) -> str:
    return {
        ".csv": "UTF-8 CSV with a header row",
        ".jsonl": "JSON lines (one object per line)",
        ".json": "a JSON array of objects",
        ".parquet": "a Parquet file",
    }.get(path.suffix, "its contract's format")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _resolve_columns(contract: TableContract, found: list[str], path: Path) -> dict[str, str | None]:
    """Map each contract column to the column that holds it in this file (aliases included)."""
    present = {name.lower(): name for name in found}
    mapping: dict[str, str | None] = {}
    missing = []
    for column in contract.columns:
        source = next(
            (present[name.lower()] for name in (column.name, *column.aliases) if name.lower() in present),
            None,
        )
        if source is None and column.required:
            missing.append(column.name)
        mapping[column.name] = source
    if missing:
        raise LandingFileError(
            f"{path}: missing required column(s) {', '.join(missing)}; "
            f"found {', '.join(found) or 'no columns'} (expected per the {contract.system} contract: "
            f"{', '.join(c.name for c in contract.columns)})"
        )
    return mapping


def _cast(expr: str, column: ColumnContract) -> str:
    # JSON objects arrive as DuckDB JSON values; everything else goes through text so a CSV cell
    # and a Parquet value are checked by the same rule.
    return f"try_cast(cast({expr} as varchar) as {column.type})"


def _check_values(
    con: duckdb.DuckDBPyConnection,
    contract: TableContract,
    source: str,
    mapping: dict[str, str | None],
    path: Path,
) -> int:
    """Return the row count, or raise naming the first bad value's column, line and expectation."""
    checks = []
    for column in contract.columns:
        src = mapping[column.name]
        if src is None:
            if not column.nullable:
                checks.append((column, "false", f"a value ({column.type}), but the column is absent"))
            continue
        raw = _quote(src)
        checks.append((column, f"({raw} is not null and {_cast(raw, column)} is null)", column.type))
        if not column.nullable:
            checks.append((column, f"({raw} is null)", f"a non-null {column.type}"))
    counts = ", ".join(f"count(*) filter (where {cond})" for _, cond, _ in checks)
    try:
        row = con.execute(f"select count(*){', ' + counts if counts else ''} from {source}").fetchone()
    except duckdb.Error as exc:
        raise LandingFileError(
            f"{path}: cannot be read as {_describe_format(path)}: {_first_line(exc)}"
        ) from exc
    assert row is not None
    for (column, cond, expected), bad in zip(checks, row[1:], strict=True):
        if bad:
            where = _first_bad_row(con, source, cond, mapping[column.name], contract.format)
            raise LandingFileError(
                f"{path}: column {column.name}: {bad} value(s) not valid, expected {expected}; "
                f"first at {where}"
            )
    return int(row[0])


def _first_bad_row(
    con: duckdb.DuckDBPyConnection, source: str, cond: str, src: str | None, file_format: str
) -> str:
    value = f"cast({_quote(src)} as varchar)" if src else "null"
    found = con.execute(
        f"select _row, {value} from (select row_number() over () as _row, * from {source}) "
        f"where {cond} order by _row limit 1"
    ).fetchone()
    if found is None:
        return "an unknown row"
    # CSV files have a header line, so record n sits on line n + 1; other formats count records.
    where = f"line {found[0] + 1}" if file_format == "csv" else f"record {found[0]}"
    return f"{where} (value {found[1]!r})"


def _ensure_tables(con: duckdb.DuckDBPyConnection, contract: TableContract) -> None:
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.execute(
        f"create table if not exists {RAW_SCHEMA}.{LOAD_LOG} ("
        "load_id varchar primary key, raw_table varchar, file_path varchar, file_sha256 varchar, "
        "file_bytes bigint, row_count bigint, loaded_at timestamptz)"
    )
    table = f"{RAW_SCHEMA}.{_quote(contract.raw_table)}"
    columns = [(c.name, c.type) for c in contract.columns] + list(LINEAGE_COLUMNS)
    definition = ", ".join(f"{_quote(name)} {type_}" for name, type_ in columns)
    con.execute(f"create table if not exists {table} ({definition})")
    existing = {row[0] for row in con.execute(f"describe {table}").fetchall()}
    for name, type_ in columns:
        if name not in existing:  # the contract gained a column since the table was created
            con.execute(f"alter table {table} add column {_quote(name)} {type_}")


def _already_loaded(con: duckdb.DuckDBPyConnection, raw_table: str, rel_path: str, sha: str) -> bool:
    found = con.execute(
        f"select 1 from {RAW_SCHEMA}.{LOAD_LOG} where raw_table = ? and file_path = ? and file_sha256 = ?",
        [raw_table, rel_path, sha],
    ).fetchone()
    return found is not None


def load_file(
    con: duckdb.DuckDBPyConnection, contract: TableContract, path: Path, rel_path: str, sha: str
) -> int:
    """Check one file against its contract and load it in one transaction. Returns rows loaded."""
    if path.stat().st_size == 0:
        raise LandingFileError(f"{path}: the file is empty; expected {_describe_format(path)}")
    source = reader_sql(contract, path)
    mapping = _resolve_columns(contract, _source_columns(con, source, path), path)
    rows = _check_values(con, contract, source, mapping, path)
    load_id = uuid.uuid4().hex
    loaded_at = datetime.now(UTC)
    selects = [
        f"{_cast(_quote(src), column) if src else f'cast(null as {column.type})'} as {_quote(column.name)}"
        for column, src in ((c, mapping[c.name]) for c in contract.columns)
    ]
    names = [c.name for c in contract.columns] + [name for name, _ in LINEAGE_COLUMNS]
    target_columns = ", ".join(_quote(name) for name in names)
    con.execute("begin transaction")
    try:
        con.execute(
            f"insert into {RAW_SCHEMA}.{_quote(contract.raw_table)} ({target_columns}) "
            f"select {', '.join(selects)}, ?, ?, ? from {source}",
            [rel_path, load_id, loaded_at],
        )
        con.execute(
            f"insert into {RAW_SCHEMA}.{LOAD_LOG} values (?, ?, ?, ?, ?, ?, ?)",
            [load_id, contract.raw_table, rel_path, sha, path.stat().st_size, rows, loaded_at],
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return rows


def load_table(con: duckdb.DuckDBPyConnection, contract: TableContract, landing_dir: Path) -> TableLoadResult:
    """Load every landing file of one table that is not loaded yet, oldest first.

    The first bad file stops this table (files after it wait, so rows never arrive out of order);
    files loaded before it stay loaded.
    """
    _ensure_tables(con, contract)
    result = TableLoadResult(raw_table=contract.raw_table)
    for path in contract.files(landing_dir):
        rel_path = path.relative_to(landing_dir).as_posix()
        sha = _file_sha256(path)
        if _already_loaded(con, contract.raw_table, rel_path, sha):
            result.skipped_files.append(rel_path)
            continue
        result.rows_loaded += load_file(con, contract, path, rel_path, sha)
        result.loaded_files.append(rel_path)
    total = con.execute(f"select count(*) from {RAW_SCHEMA}.{_quote(contract.raw_table)}").fetchone()
    result.total_rows = int(total[0]) if total else 0
    return result

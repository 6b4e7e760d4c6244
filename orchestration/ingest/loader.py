"""Load landing files into the raw schema: each file whole or not at all, and only once.

DuckDB reads the landing files — many files of a table in one scan, which is what makes a first
load of years of daily exports fast. The rows are cast to the contract's types as they are
written, so on good data each file is read once. When a batch fails (a value that does not fit
its type, a null where the contract forbids it, an unreadable file), the batch is rolled back, the
files are checked one rule at a time to find the first bad file, the files before it are loaded,
and the error names the bad file, the column, the line or record and what was expected. A file
already in the load log (same path, same content) is skipped. Landing files are only ever read.
The warehouse is DuckDB or PostgreSQL: `writers` holds what differs between them.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from orchestration.ingest.contracts import TableContract
from orchestration.ingest.reading import (
    LandingFileError,
    batch_relation,
    check_batch,
    quote,
    readable_prefix,
)
from orchestration.ingest.writers import (
    LINEAGE_COLUMNS,
    RAW_SCHEMA,
    FileLoad,
    RawWriter,
    Warehouse,
    raw_writer,
)

__all__ = ["LINEAGE_COLUMNS", "RAW_SCHEMA", "LandingFileError", "TableLoadResult", "load_table"]


@dataclass
class TableLoadResult:
    raw_table: str
    loaded_files: list[str] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)
    rows_loaded: int = 0
    total_rows: int = 0


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _rows_sql(contract: TableContract, files: list[Path], loads: dict[Path, FileLoad]) -> str:
    """The batch's rows as the raw table stores them: strict casts (a bad value raises), a null
    in a non-nullable column raises, and each row's file path and load id."""
    columns = []
    for column in contract.columns:
        value = f"cast(src.{quote(column.name)} as {column.type})"
        if not column.nullable:
            message = _literal(f"null in non-nullable column {column.name}")
            value = f"coalesce({value}, error({message}))"
        columns.append(f"{value} as {quote(column.name)}")
    mapping = ", ".join(
        f"({_literal(str(path))}, {_literal(loads[path].file_path)}, {_literal(loads[path].load_id)})"
        for path in files
    )
    batch = batch_relation(contract, files)
    return (
        f"select {', '.join(columns)}, files.file_path, files.load_id, cast(? as timestamptz) "
        f"from ({batch.sql}) as src "
        f"inner join (values {mapping}) as files (abs_path, file_path, load_id) on src._file = files.abs_path"
    )


def _write(
    writer: RawWriter, contract: TableContract, files: list[Path], loads: dict[Path, FileLoad]
) -> None:
    batch_loads = [loads[path] for path in files]
    writer.write_batch(contract, _rows_sql(contract, files, loads), [batch_loads[0].loaded_at], batch_loads)


def _load_new_files(
    writer: RawWriter, contract: TableContract, files: list[Path], loads: dict[Path, FileLoad]
) -> list[Path]:
    """Load `files` (already known to have the contract's columns); return the files loaded, or
    raise naming the first bad file after loading the ones before it."""
    try:
        _write(writer, contract, files, loads)
        return files
    except Exception as failure:
        check = check_batch(writer.reader, batch_relation(contract, files))
        if check.bad_file is None:
            raise  # not a fault of the files: let the caller see the real error
        good = check.good_files(files)
        if good:
            _write(writer, contract, good, loads)
        raise LandingFileError(f"{check.bad_file}: {check.fault}") from failure


def load_table(con: Warehouse, contract: TableContract, landing_dir: Path) -> TableLoadResult:
    """Load every landing file of one table that is not loaded yet, oldest first.

    `con` is the warehouse: a DuckDB connection or a psycopg2 connection to PostgreSQL.
    The first bad file stops this table (files after it wait, so rows never arrive out of order);
    files before it are loaded.
    """
    result = TableLoadResult(raw_table=contract.raw_table)
    loaded_at = datetime.now(UTC)
    with raw_writer(con) as writer:
        writer.ensure_tables(contract)
        known = writer.loaded_files(contract.raw_table)
        loads: dict[Path, FileLoad] = {}
        for path in contract.files(landing_dir):
            rel_path = path.relative_to(landing_dir).as_posix()
            sha = _file_sha256(path)
            if (rel_path, sha) in known:
                result.skipped_files.append(rel_path)
                continue
            loads[path] = FileLoad(
                load_id=uuid.uuid4().hex,
                raw_table=contract.raw_table,
                file_path=rel_path,
                file_sha256=sha,
                file_bytes=path.stat().st_size,
                row_count=0,
                loaded_at=loaded_at,
            )
        readable, column_error = readable_prefix(contract, list(loads))
        try:
            if readable:
                loaded = _load_new_files(writer, contract, readable, loads)
                result.loaded_files = [loads[p].file_path for p in loaded]
        finally:
            result.total_rows = writer.row_count(contract.raw_table)
        if column_error is not None:
            raise column_error
        result.rows_loaded = writer.rows_logged(contract.raw_table, loaded_at)
    return result

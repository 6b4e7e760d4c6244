"""Reading many landing files of one table at once, checked against the table's contract.

One DuckDB scan over a whole batch of files is what makes a first load of years of daily exports
fast; per-file queries are used only to describe a fault precisely. The batch relation has every
contract column as text (nested JSON as JSON text) plus `_file`, the absolute file path, so checks
and inserts can tell the files apart.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.ingest.contracts import ColumnContract, TableContract


class LandingFileError(ValueError):
    """A landing file that does not match its contract. The message names the file and the fault."""


FORMAT_DESCRIPTIONS = {
    "csv": "UTF-8 CSV with a header row",
    "jsonl": "JSON lines (one object per line)",
    "json": "a JSON array of objects",
    "parquet": "a Parquet file",
}


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def unreadable(path: Path, fmt: str, exc: Exception | str) -> LandingFileError:
    reason = exc if isinstance(exc, str) else _first_line(exc)
    return LandingFileError(f"{path}: cannot be read as {FORMAT_DESCRIPTIONS[fmt]}: {reason}")


def _file_list(paths: Sequence[Path]) -> str:
    return "[" + ", ".join(_literal(str(p)) for p in paths) + "]"


# -- which columns each file has --------------------------------------------------------------


def file_columns(path: Path, fmt: str) -> tuple[str, ...] | None:
    """The file's column names, read cheaply (CSV header, Parquet footer); None for JSON, whose
    keys are looked up per record."""
    if path.stat().st_size == 0:
        raise LandingFileError(f"{path}: the file is empty; expected {FORMAT_DESCRIPTIONS[fmt]}")
    if fmt == "csv":
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                header = next(csv.reader(handle), None)
        except UnicodeDecodeError as exc:
            raise unreadable(path, fmt, f"the header is not UTF-8 ({exc.reason})") from exc
        if not header:
            raise unreadable(path, fmt, "no header row")
        return tuple(name.strip() for name in header)
    if fmt == "parquet":
        import pyarrow.parquet as pq  # deferred: half a second on every Dagster definitions load

        try:
            return tuple(pq.read_schema(path).names)
        except Exception as exc:  # pyarrow raises several types for a damaged footer
            raise unreadable(path, fmt, exc) from exc
    return None


def resolve_columns(table: TableContract, found: Sequence[str], path: Path) -> dict[str, str | None]:
    """Map each contract column to the column holding it in this file (aliases included)."""
    present = {name.lower(): name for name in found}
    mapping: dict[str, str | None] = {}
    missing = []
    for column in table.columns:
        source = next(
            (present[n.lower()] for n in (column.name, *column.aliases) if n.lower() in present), None
        )
        if source is None and column.required:
            missing.append(column.name)
        mapping[column.name] = source
    if missing:
        raise LandingFileError(
            f"{path}: missing required column(s) {', '.join(missing)}; found "
            f"{', '.join(found) or 'no columns'} (the {table.system} contract expects "
            f"{', '.join(c.name for c in table.columns)})"
        )
    return mapping


# -- the batch relation -----------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    """Files of one table read as one relation with the contract's columns (as text from CSV and
    JSON, in their own types from Parquet) and `_file`."""

    table: TableContract
    files: tuple[Path, ...]
    sql: str


def _source_columns(table: TableContract, mapping: dict[str, str | None], as_text: bool) -> str:
    """The contract's columns from one group of files. CSV cells are text already; Parquet keeps
    its own types (casting them through text would only cost time)."""
    parts = []
    for column in table.columns:
        source = mapping[column.name]
        null_type = "varchar" if as_text else column.type
        expr = quote(source) if source else f"cast(null as {null_type})"
        parts.append(f"{expr} as {quote(column.name)}")
    return ", ".join(parts)


def _json_columns(table: TableContract) -> str:
    parts = []
    for column in table.columns:
        paths = [f"json ->> {_literal('$.' + quote(name))}" for name in (column.name, *column.aliases)]
        expr = paths[0] if len(paths) == 1 else f"coalesce({', '.join(paths)})"
        parts.append(f"{expr} as {quote(column.name)}")
    return ", ".join(parts)


def _reader(table: TableContract, files: Sequence[Path], header: Sequence[str] | None) -> str:
    listing = _file_list(files)
    if table.format == "csv":
        assert header is not None
        columns = "{" + ", ".join(f"{_literal(name)}: 'VARCHAR'" for name in header) + "}"
        return (
            f"read_csv({listing}, header = true, auto_detect = false, columns = {columns}, "
            "delim = ',', quote = '\"', escape = '\"', strict_mode = true, filename = true)"
        )
    if table.format == "parquet":
        return f"read_parquet({listing}, filename = true, union_by_name = true)"
    json_format = "newline_delimited" if table.format == "jsonl" else "array"
    return f"read_json_objects({listing}, format = '{json_format}', filename = true)"


def batch_relation(table: TableContract, files: Sequence[Path]) -> Batch:
    """One relation over all `files`; files with the same columns are read by one scan."""
    if table.format in ("json", "jsonl"):
        for path in files:
            file_columns(path, table.format)  # rejects empty files early
        sql = f"select {_json_columns(table)}, filename as _file from {_reader(table, files, None)}"
        return Batch(table=table, files=tuple(files), sql=sql)
    groups: dict[tuple[str, ...], list[Path]] = {}
    for path in files:
        columns = file_columns(path, table.format)
        assert columns is not None
        resolve_columns(table, columns, path)
        groups.setdefault(columns, []).append(path)
    selects = []
    for columns, paths in groups.items():
        mapping = resolve_columns(table, columns, paths[0])
        selects.append(
            f"select {_source_columns(table, mapping, as_text=table.format == 'csv')}, filename as _file "
            f"from {_reader(table, paths, columns)}"
        )
    return Batch(table=table, files=tuple(files), sql=" union all ".join(selects))


# -- checks -----------------------------------------------------------------------------------


def typed(column: ColumnContract, expr: str) -> str:
    """The text value cast to the contract type (null when it does not fit)."""
    return f"try_cast({expr} as {column.type})"


def _checks(table: TableContract) -> list[tuple[ColumnContract, str, str]]:
    """(column, condition of a bad row, what was expected) for every rule of the contract."""
    checks = []
    for column in table.columns:
        raw = quote(column.name)
        checks.append((column, f"({raw} is not null and {typed(column, raw)} is null)", column.type))
        if not column.nullable:
            checks.append((column, f"({raw} is null)", f"a non-null {column.type}"))
    return checks


def _missing_json_keys(con: duckdb.DuckDBPyConnection, batch: Batch) -> tuple[Path, list[str]] | None:
    """The first file lacking a required key in every record, with the keys it lacks."""
    required = [c for c in batch.table.columns if c.required]
    if not required:
        return None
    presence = ", ".join(
        "bool_or("
        + " or ".join(f"json_exists(json, {_literal('$.' + quote(n))})" for n in (c.name, *c.aliases))
        + ")"
        for c in required
    )
    rows = con.execute(
        f"select filename, {presence} from {_reader(batch.table, batch.files, None)} group by filename"
    ).fetchall()
    lacking = {
        Path(row[0]): [c.name for c, ok in zip(required, row[1:], strict=True) if not ok] for row in rows
    }
    for path in batch.files:
        if lacking.get(path):
            return path, lacking[path]
    return None


@dataclass(frozen=True)
class BatchCheck:
    """Rows per good file, and the first file (in load order) that breaks the contract, if any."""

    row_counts: dict[Path, int]
    bad_file: Path | None = None
    fault: str = ""

    def good_files(self, files: Sequence[Path]) -> list[Path]:
        """The files before the first bad one: they can be loaded."""
        if self.bad_file is None:
            return list(files)
        return list(files[: list(files).index(self.bad_file)])


def check_batch(con: duckdb.DuckDBPyConnection, batch: Batch) -> BatchCheck:
    """Check every file of the batch in one scan; only a faulty file is read again, to describe it.

    Loading does not need this on good data (a strict cast and NOT NULL constraints reject bad
    values as the rows are written); it runs when a load fails, to find and explain the fault."""
    if batch.table.format in ("json", "jsonl"):
        missing = _missing_json_keys_safe(con, batch)
        if missing:
            path, names = missing
            return BatchCheck({}, path, f"missing required column(s) {', '.join(names)}")
    checks = _checks(batch.table)
    counts = ", ".join(f"count(*) filter (where {cond})" for _, cond, _ in checks)
    try:
        rows = con.execute(f"select _file, count(*), {counts} from ({batch.sql}) group by _file").fetchall()
    except duckdb.Error:
        unreadable_file = _first_unreadable(con, batch)
        if unreadable_file is None:
            raise
        return BatchCheck({}, *unreadable_file)
    per_file = {Path(row[0]): row for row in rows}
    row_counts: dict[Path, int] = {}
    for path in batch.files:
        row = per_file.get(path)
        if row is None:  # a file with no records
            row_counts[path] = 0
            continue
        bad = [i for i, count in enumerate(row[2:]) if count]
        if bad:
            column, cond, expected = checks[bad[0]]
            return BatchCheck(
                row_counts, path, _describe_fault(con, batch.table, path, column, cond, expected)
            )
        row_counts[path] = int(row[1])
    return BatchCheck(row_counts)


def _missing_json_keys_safe(con: duckdb.DuckDBPyConnection, batch: Batch) -> tuple[Path, list[str]] | None:
    try:
        return _missing_json_keys(con, batch)
    except duckdb.Error:
        return None  # unreadable JSON is reported by the value checks' fallback


def _first_unreadable(con: duckdb.DuckDBPyConnection, batch: Batch) -> tuple[Path, str] | None:
    for path in batch.files:
        single = batch_relation(batch.table, [path])
        try:
            con.execute(f"select count(*) from ({single.sql})").fetchone()
        except duckdb.Error as exc:
            return path, f"cannot be read as {FORMAT_DESCRIPTIONS[batch.table.format]}: {_first_line(exc)}"
    return None


def _describe_fault(
    con: duckdb.DuckDBPyConnection,
    table: TableContract,
    path: Path,
    column: ColumnContract,
    cond: str,
    expected: str,
) -> str:
    single = batch_relation(table, [path])
    found = con.execute(
        f"select count(*) filter (where {cond}), "
        f"min(_record) filter (where {cond}), arg_min({quote(column.name)}, _record) filter (where {cond}) "
        f"from (select *, row_number() over () as _record from ({single.sql}))"
    ).fetchone()
    assert found is not None
    bad, record, value = found
    # CSV files have a header line, so record n sits on line n + 1; other formats count records.
    where = f"line {record + 1}" if table.format == "csv" else f"record {record}"
    return (
        f"column {column.name}: {bad} value(s) not valid, expected {expected}; "
        f"first at {where} (value {value!r})"
    )


def readable_prefix(
    table: TableContract, files: Sequence[Path]
) -> tuple[list[Path], LandingFileError | None]:
    """The files, in order, up to the first whose columns break the contract (and that error)."""
    ok: list[Path] = []
    for path in files:
        try:
            columns = file_columns(path, table.format)
            if columns is not None:
                resolve_columns(table, columns, path)
        except LandingFileError as exc:
            return ok, exc
        ok.append(path)
    return ok, None

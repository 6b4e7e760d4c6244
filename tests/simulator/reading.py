"""The runs the simulator tests share, and reading their landing files with DuckDB, independently
of the ingestion code."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from orchestration.simulator.exports import contract_tables

CONTRACTS = contract_tables()

# 60 days across the 2025-07-01 export-version cut-over: every table and every kind of mess.
SMALL = {"seed": 7, "scale": 0.05, "start": date(2025, 6, 1), "end": date(2025, 7, 30)}
# Half a year at a larger scale, with every default scenario planted: enough signal for the
# causal links and the scenario windows.
MEDIUM = {"seed": 11, "scale": 0.5, "start": date(2025, 1, 1), "end": date(2025, 6, 29)}


def landing_files(landing: Path) -> list[Path]:
    return sorted(p for p in landing.rglob("*") if p.is_file())


def scan(files: list[Path] | Path, fmt: str, *, text: bool = False, union: bool = True) -> str:
    """A DuckDB table function reading the files (CSV as text when ``text``), with the file name.

    ``union`` matches columns by name across files (needed when a column was renamed; slower).
    """
    paths = [files] if isinstance(files, Path) else files
    listed = "[" + ", ".join(f"'{p}'" for p in paths) + "]"
    by_name = f", union_by_name={str(union).lower()}, filename=true"
    if fmt == "csv":
        return f"read_csv({listed}, header=true, all_varchar={str(text).lower()}{by_name})"
    if fmt == "parquet":
        return f"read_parquet({listed}{by_name})"
    layout = "array" if fmt == "json" else "newline_delimited"
    return f"read_json({listed}, format='{layout}'{by_name})"


def table_files(landing: Path, key: str) -> list[Path]:
    contract = CONTRACTS[key]
    return sorted((landing / contract.system).glob(contract.path))


def _header(path: Path, fmt: str) -> tuple[str, ...]:
    """Column names of one file, from its first line (CSV header, first JSON record) or footer."""
    if fmt == "parquet":
        return tuple(pq.read_schema(path).names)
    with path.open() as handle:
        line = handle.readline()
        if fmt == "json":
            line = handle.readline()  # after the opening bracket
    if fmt == "csv":
        return tuple(name.strip('"') for name in line.strip().split(","))
    return tuple(json.loads(line.rstrip().rstrip(","))) if line.strip() not in ("", "]") else ()


def read(landing: Path, key: str, columns: str = "*", *, text: bool = False) -> pd.DataFrame:
    """Every row of a table as pandas (``filename`` says the file). Files with different column
    names (before and after a rename) are scanned apart, as DuckDB's union by name is slow;
    ``text`` keeps CSV values as written (e.g. timestamps with their offsets)."""
    contract = CONTRACTS[key]
    groups: dict[tuple[str, ...], list[Path]] = {}
    renamed = any(c.aliases for c in contract.columns)
    for path in table_files(landing, key):
        groups.setdefault(_header(path, contract.format) if renamed else (), []).append(path)
    frames = [
        duckdb.sql(f"select {columns} from {scan(files, contract.format, text=text, union=False)}").df()
        for files in groups.values()
    ]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def read_current(landing: Path, key: str) -> pd.DataFrame:
    """Every row and column of a table, with columns renamed in older files under today's name."""
    rows = read(landing, key)
    for column in CONTRACTS[key].columns:
        for alias in column.aliases:
            if alias in rows:
                current = rows.get(column.name)
                rows[column.name] = rows[alias] if current is None else current.fillna(rows[alias])
                rows = rows.drop(columns=alias)
    return rows

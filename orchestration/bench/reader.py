"""The baseline of the ingest: DuckDB's own readers on the same landing files, one table each.

No contract checks, no renaming of columns, no load log: only what DuckDB does when told to read
every file of a table into one table (`read_csv`, `read_json`, `read_parquet`, union by name).
Where the sniffer cannot agree on a column's type across files, the table is read as text.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import duckdb

from orchestration.ingest.contracts import TableContract, load_contracts

READERS = {
    "csv": "read_csv({files}, union_by_name = true{text})",
    "jsonl": "read_json({files}, format = 'newline_delimited', union_by_name = true{text})",
    "json": "read_json({files}, union_by_name = true{text})",
    "parquet": "read_parquet({files}, union_by_name = true)",
}
AS_TEXT = {"csv": ", all_varchar = true", "jsonl": ", columns_as_text", "json": ", columns_as_text"}


def _reader_sql(table: TableContract, files: list[Path], as_text: bool) -> str:
    listed = "[" + ", ".join("'" + str(f).replace("'", "''") + "'" for f in files) + "]"
    text = AS_TEXT.get(table.format, "") if as_text else ""
    if text == ", columns_as_text":
        # read_json has no all-text switch: read each record whole as JSON instead.
        return f"read_json_objects({listed}, format = 'auto')"
    return READERS[table.format].format(files=listed, text=text)


def read_landing_with_duckdb(landing_dir: Path, scratch: Path) -> dict[str, Any]:
    scratch.unlink(missing_ok=True)
    con = duckdb.connect(str(scratch))
    rows = tables = as_text = 0
    started = time.perf_counter()
    try:
        for system in load_contracts():
            for table in system.tables:
                files = table.files(landing_dir)
                if not files:
                    continue
                name = f'"{table.raw_table}"'
                try:
                    con.execute(
                        f"create or replace table {name} as select * from {_reader_sql(table, files, False)}"
                    )
                except duckdb.Error:
                    as_text += 1
                    con.execute(
                        f"create or replace table {name} as select * from {_reader_sql(table, files, True)}"
                    )
                rows += con.execute(f"select count(*) from {name}").fetchone()[0]
                tables += 1
    finally:
        con.close()
        scratch.unlink(missing_ok=True)
    return {"rows": rows, "tables": tables, "read_as_text": as_text, "seconds": time.perf_counter() - started}

"""File writers: CSV, Parquet, JSON lines and JSON arrays, each written to a temporary name and
renamed into place, so a reader never sees half a file.

JSON text is built column-wise with Arrow compute kernels rather than row by row in Python.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Collection, Mapping
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

_CSV_OPTIONS = pacsv.WriteOptions(include_header=True, quoting_style="needed")


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        write(tmp)
    except FileNotFoundError:  # the first file of its folder
        path.parent.mkdir(parents=True, exist_ok=True)
        write(tmp)
    os.replace(tmp, path)


class CsvRows:
    """A table rendered to CSV once, from which any run of rows can be cut as a file.

    Generated text never contains line breaks, so every row is exactly one line.
    """

    def __init__(self, table: pa.Table) -> None:
        sink = io.BytesIO()
        pacsv.write_csv(table, sink, _CSV_OPTIONS)
        self.data = sink.getbuffer()
        self.line_end = np.flatnonzero(np.frombuffer(self.data, dtype=np.uint8) == 10) + 1
        if len(self.line_end) != table.num_rows + 1:
            raise ValueError("a CSV value contains a line break")

    def write(self, path: Path, lo: int, hi: int, header: bytes | None = None) -> None:
        """Write rows lo..hi (0-based, end exclusive) with the header (or a replacement header)."""
        head = header if header is not None else bytes(self.data[: self.line_end[0]])
        body = self.data[self.line_end[lo] : self.line_end[hi]]
        _atomic(path, lambda tmp: tmp.write_bytes(head + bytes(body)))


def csv_header(names: list[str]) -> bytes:
    return (",".join(f'"{n}"' for n in names) + "\n").encode()


def write_parquet(table: pa.Table, path: Path) -> None:
    # Dictionary pages only for label columns; ids and numbers would fall back anyway, at a cost.
    labels = [f.name for f in table.schema if pa.types.is_dictionary(f.type)]
    _atomic(path, lambda tmp: pq.write_table(table, tmp, compression="snappy", use_dictionary=labels))


def _quoted(text: pa.Array) -> pa.Array:
    if pc.any(pc.match_substring_regex(text, r'["\\]')).as_py():
        text = pc.replace_substring(text, "\\", "\\\\")
        text = pc.replace_substring(text, '"', '\\"')
    return pc.binary_join_element_wise('"', text, '"', "")


def _single(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def json_values(values: pa.Array | pa.ChunkedArray, raw: bool = False) -> pa.Array:
    """JSON text of each value; ``raw`` values are JSON already (nested objects)."""
    values = _single(values)
    t = values.type
    if raw:
        text = values
    elif pa.types.is_boolean(t):
        text = pc.if_else(values, "true", "false")
    elif pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t):
        text = pc.cast(values, pa.string())
    else:
        text = _quoted(pc.cast(values, pa.string()))
    return pc.fill_null(text, "null")


def json_objects(columns: Mapping[str, pa.Array], raw: Collection[str] = ()) -> pa.Array:
    """One JSON object text per row, keys in the mapping's order."""
    parts: list[pa.Array | str] = []
    for i, (name, values) in enumerate(columns.items()):
        parts.append(("{" if i == 0 else ",") + f'"{name}":')
        parts.append(json_values(values, raw=name in raw))
    parts.append("}")
    return pc.binary_join_element_wise(*parts, "")


class JsonRows:
    """JSON object texts rendered once, from which any run of rows can be cut as a JSON-lines
    file or a JSON array file."""

    def __init__(self, rows: pa.Array, array: bool) -> None:
        self.array = array
        joined = _single(pc.binary_join_element_wise(_single(rows), ",\n" if array else "\n", ""))
        start = joined.offset
        self.offsets = np.frombuffer(joined.buffers()[1], dtype=np.int32)[start : start + len(joined) + 1]
        self.data = memoryview(joined.buffers()[2])

    def write(self, path: Path, lo: int, hi: int) -> None:
        body = bytes(self.data[self.offsets[lo] : self.offsets[hi]])
        data = b"[\n" + body[:-2] + b"\n]\n" if self.array else body
        _atomic(path, lambda tmp: tmp.write_bytes(data))

"""Fast builders of Arrow text columns: labels from small vocabularies, business keys such as
``SO-000000123`` and fixed-width text written digit by digit with numpy (far quicker than
formatting millions of Python strings)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa


def indices(pos: np.ndarray) -> pa.Array:
    """Take-indices where a negative position means null."""
    pos = np.asarray(pos)
    missing = pos < 0
    return pa.array(np.maximum(pos, 0).astype(np.int64), mask=missing if missing.any() else None)


def labels(values: Sequence[str] | np.ndarray, codes: np.ndarray) -> pa.Array:
    """``values[code]`` per row as a dictionary-encoded column; a negative code gives null."""
    codes = np.asarray(codes)
    missing = codes < 0
    index = pa.array(np.maximum(codes, 0).astype(np.int32), mask=missing if missing.any() else None)
    return pa.DictionaryArray.from_arrays(index, pa.array(list(values), pa.string()))


_PAIRS = np.array([[48 + i // 10, 48 + i % 10] for i in range(100)], dtype=np.uint8)


def put_digits(buf: np.ndarray, start: int, values: np.ndarray, width: int) -> None:
    """Write ``values`` (non-negative ints) zero-padded into columns start..start+width of ``buf``."""
    v = np.asarray(values, dtype=np.int64)
    end = start + width
    while end - start >= 2:
        buf[:, end - 2 : end] = _PAIRS[v % 100]
        v = v // 100
        end -= 2
    if end > start:
        buf[:, start] = 48 + v % 10


def text_array(buf: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    """A string array from a (rows, width) uint8 buffer of ASCII text."""
    n, width = buf.shape
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    validity = None
    nulls = 0
    if missing is not None and missing.any():
        validity = pa.array(~missing).buffers()[1]
        nulls = int(missing.sum())
    return pa.Array.from_buffers(
        pa.string(), n, [validity, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(buf))], nulls
    )


def codes(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """``prefix`` followed by each number zero-padded to ``width`` digits."""
    numbers = np.asarray(numbers, dtype=np.int64)
    head = np.frombuffer(prefix.encode(), dtype=np.uint8)
    buf = np.empty((len(numbers), len(head) + width), dtype=np.uint8)
    buf[:, : len(head)] = head
    put_digits(buf, len(head), numbers, width)
    return text_array(buf)

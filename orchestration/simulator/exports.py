"""Routes simulated rows into the landing files the contracts describe.

Systems hand over whole batches of rows with the day of the file each row belongs to; the
exporter converts them to the contract's types and column order, adds the export mess that
real source systems produce (late rows, re-sent duplicates, a renamed column in older files)
and writes each file once its period is complete.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa

from orchestration.ingest.contracts import TableContract, load_contracts
from orchestration.simulator import writers
from orchestration.simulator.rng import stream

# Files dated before this day still use the old name of a renamed column (see ExportSpec.renamed).
RENAME_CUTOVER = date(2025, 7, 1)

Period = Literal["day", "month", "year", "once"]


@dataclass(frozen=True)
class ExportSpec:
    period: Period  # one file per day, month, calendar year, or one file for the whole run
    late: float = 0.0  # share of rows that land 1-4 days late, in a later file
    duplicate: float = 0.0  # share of rows sent again, unchanged, in a file 1-5 days later
    renamed: Mapping[str, str] = field(default_factory=dict)  # current name -> name before cut-over


EXPORTS: dict[str, ExportSpec] = {
    "oms.orders": ExportSpec("day", late=0.01, duplicate=0.004),
    "oms.order_lines": ExportSpec("day", late=0.01, duplicate=0.004),
    "oms.returns": ExportSpec("day", late=0.02, duplicate=0.005),
    "oms.fx_rates": ExportSpec("month"),
    "oms.products": ExportSpec("once"),
    "oms.stores": ExportSpec("once"),
    "crm.accounts": ExportSpec("day", late=0.02, duplicate=0.01),
    "crm.contacts": ExportSpec("day", late=0.02, duplicate=0.01),
    "crm.opportunities": ExportSpec("day", late=0.02, duplicate=0.01),
    "crm.opportunity_stage_history": ExportSpec("day", late=0.02, duplicate=0.01),
    "marketing.campaigns": ExportSpec("once"),
    "marketing.ad_spend": ExportSpec("day", late=0.02, duplicate=0.01, renamed={"spend": "cost"}),
    "marketing.experiments": ExportSpec("once"),
    "marketing.experiment_assignments": ExportSpec("month", duplicate=0.002),
    "web.sessions": ExportSpec("day", late=0.003, duplicate=0.002),
    "erp.warehouses": ExportSpec("once"),
    "erp.shipments": ExportSpec("day", late=0.01, duplicate=0.004),
    "erp.inventory_snapshots": ExportSpec("month"),
    "ledger.chart_of_accounts": ExportSpec("once"),
    "ledger.journal_entries": ExportSpec("month"),
    "ledger.budget": ExportSpec("year"),
    "helpdesk.tickets": ExportSpec(
        "day", late=0.01, duplicate=0.005, renamed={"first_response_at": "first_reply_at"}
    ),
    "helpdesk.csat_responses": ExportSpec("day", late=0.01, duplicate=0.005),
    "helpdesk.nps_responses": ExportSpec("day", late=0.01, duplicate=0.005),
    "hris.org_units": ExportSpec("once"),
    "hris.employees": ExportSpec("month"),
    "hris.training_completions": ExportSpec("month", late=0.03, duplicate=0.005),
    "hris.engagement_responses": ExportSpec("month"),
}

_FILE_DAY = "__file_day"


def contract_tables() -> dict[str, TableContract]:
    """Every table of every landing-file contract, keyed ``system.table``."""
    return {f"{t.system}.{t.name}": t for system in load_contracts() for t in system.tables}


def _arrow(values: Any, sql_type: str, fmt: str) -> pa.Array:
    """Convert one column to the Arrow type its SQL type is written as."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if sql_type.startswith("decimal"):
        if isinstance(values, pa.Array):
            return values
        precision, scale = (int(x) for x in sql_type[8:-1].split(","))
        values = np.asarray(values, dtype=np.float64)
        missing = np.isnan(values)
        units = np.round(np.where(missing, 0.0, values) * 10**scale).astype(np.int64)
        words = np.empty((len(units), 2), dtype=np.int64)
        words[:, 0], words[:, 1] = units, units >> 63  # 128-bit two's complement, little endian
        validity = None if not missing.any() else pa.array(~missing).buffers()[1]
        return pa.Array.from_buffers(
            pa.decimal128(precision, scale), len(units), [validity, pa.py_buffer(words)], int(missing.sum())
        )
    if sql_type in ("timestamptz", "timestamp") and fmt != "parquet":
        # Text exports carry the offset the source system writes, so timestamps come preformatted.
        arr = values if isinstance(values, pa.Array) else pa.array(values, pa.string())
        if not pa.types.is_string(arr.type):
            raise TypeError("text exports take timestamps as ISO strings")
        return arr
    if sql_type in ("timestamptz", "timestamp"):
        if isinstance(values, pa.Array):
            return values
        seconds = np.asarray(values, dtype=np.int64)
        missing = seconds == np.iinfo(np.int64).min
        arr = pa.array(seconds * 1_000_000, pa.int64(), mask=missing if missing.any() else None)
        return arr.cast(pa.timestamp("us", tz="UTC" if sql_type == "timestamptz" else None))
    target = {
        "varchar": pa.string(),
        "json": pa.string(),
        "bigint": pa.int64(),
        "integer": pa.int32(),
        "double": pa.float64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
    }[sql_type]
    if isinstance(values, pa.Array):
        if pa.types.is_dictionary(values.type) and values.type.value_type == target:
            # Labels stay dictionary-encoded for CSV and Parquet (cheaper); JSON writes their text.
            return values if fmt in ("csv", "parquet") else values.cast(target)
        return values if values.type == target else values.cast(target)
    values = np.asarray(values)
    if sql_type == "date":
        return pa.array(values.astype("datetime64[D]")).cast(pa.date32())
    return pa.array(values, target, from_pandas=True)


def _conform(columns: Mapping[str, Any], contract: TableContract) -> pa.Table:
    expected, given = tuple(c.name for c in contract.columns), tuple(columns)
    if set(expected) != set(given):
        raise ValueError(
            f"{contract.system}.{contract.name}: missing {sorted(set(expected) - set(given))}, "
            f"unexpected {sorted(set(given) - set(expected))}"
        )
    return pa.table({c.name: _arrow(columns[c.name], c.type, contract.format) for c in contract.columns})


class Exporter:
    """Buffers rows per table and writes each period's file when it is complete."""

    def __init__(self, out_dir: Path, start: date, n_days: int, seed: int) -> None:
        self.out_dir = out_dir
        self.start = start
        self.n_days = n_days
        self.contracts = contract_tables()
        self.rows: Counter[str] = Counter()
        self.files = 0
        self._seed = seed
        self._pending: dict[str, list[pa.Table]] = {key: [] for key in EXPORTS}
        self._written_until: dict[str, int] = dict.fromkeys(EXPORTS, 0)
        self._rngs: dict[str, np.random.Generator] = {}
        # Files are written in the background while the next month is simulated (Arrow releases the GIL).
        self._pool = ThreadPoolExecutor(max_workers=2)
        self._running: list[Future] = []
        dates = np.datetime64(start) + np.arange(n_days)
        months = dates.astype("datetime64[M]")
        years = dates.astype("datetime64[Y]")
        self._period_start = {
            "day": dates,
            "month": months.astype("datetime64[D]"),
            "year": years.astype("datetime64[D]"),
            "once": np.full(n_days, dates[-1]),
        }

    def add(self, key: str, columns: Mapping[str, Any], file_day: np.ndarray | int) -> None:
        """Queue rows of ``system.table`` for the file of ``file_day`` (day index; < 0 means day 0)."""
        spec, contract = EXPORTS[key], self.contracts[key]
        table = _conform(columns, contract)
        n = table.num_rows
        if n == 0:
            return
        # A row for a day whose file is written already lands in the next open file: it arrives late.
        first_open = max(self._written_until[key], 0)
        day = np.maximum(np.broadcast_to(np.asarray(file_day, dtype=np.int64), (n,)), first_open)
        rng = self._rngs.setdefault(key, stream(self._seed, "export", key))
        if spec.late:
            day = day + (rng.random(n) < spec.late) * rng.integers(1, 5, n)
        if spec.duplicate:
            again = np.flatnonzero(rng.random(n) < spec.duplicate)
            table = pa.concat_tables([table, table.take(pa.array(again))])
            day = np.concatenate([day, day[again] + rng.integers(1, 6, len(again))])
        self._pending[key].append(table.append_column(_FILE_DAY, pa.array(day.astype(np.int32))))

    def flush(self, until_day: int, *, final: bool = False) -> None:
        """Write every queued row whose file day is before ``until_day`` (call at period ends).

        Yearly and whole-run files are written by the final flush only (``finish``); rows for days
        after the simulated period are dropped then, as they would not have been exported yet.
        """
        self._drain()  # the previous period's files first, so that at most one month is in memory
        for key, parts in self._pending.items():
            if EXPORTS[key].period in ("year", "once") and not final:
                continue
            self._written_until[key] = max(self._written_until[key], until_day)
            if not parts:
                continue
            table = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
            day = table[_FILE_DAY].to_numpy()
            order = np.argsort(day, kind="stable")
            if (order[1:] < order[:-1]).any():
                table, day = table.take(pa.array(order)), day[order]
            ready = int(np.searchsorted(day, min(until_day, self.n_days)))
            later = table.slice(ready) if not final else table.slice(0, 0)
            self._pending[key] = [later] if later.num_rows else []
            if ready:
                job = self._pool.submit(self._write, key, table.slice(0, ready), day[:ready])
                self._running.append(job)

    def finish(self) -> None:
        self.flush(self.n_days, final=True)
        self._drain()

    def close(self) -> None:
        """Stop the writer threads (after ``finish``, or to abandon a failed run)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _drain(self) -> None:
        for job in self._running:
            key, rows, files = job.result()
            self.rows[key] += rows
            self.files += files
        self._running = []

    def _write(self, key: str, table: pa.Table, day: np.ndarray) -> tuple[str, int, int]:
        """Write one table's ready rows, one file per period; returns (key, rows, files)."""
        spec, contract = EXPORTS[key], self.contracts[key]
        table = table.drop_columns([_FILE_DAY])  # rows come sorted by file day
        period = self._period_start[spec.period][day]
        bounds = np.flatnonzero(np.r_[True, period[1:] != period[:-1], True])
        old_names = [spec.renamed.get(n, n) for n in table.column_names]
        cutover = np.datetime64(RENAME_CUTOVER)
        json_rows: dict[bool, writers.JsonRows] = {}
        csv_rows = writers.CsvRows(table) if contract.format == "csv" else None
        for lo, hi in pairwise(bounds):
            start = period[lo]
            before_cutover = bool(spec.renamed) and start < cutover
            path = self._path(contract, spec.period, start)
            if contract.format in ("json", "jsonl"):
                if before_cutover not in json_rows:  # render each naming once
                    names = old_names if before_cutover else table.column_names
                    raw = {n for n, c in zip(names, contract.columns, strict=True) if c.type == "json"}
                    objects = writers.json_objects(dict(zip(names, table.columns, strict=True)), raw)
                    json_rows[before_cutover] = writers.JsonRows(objects, array=contract.format == "json")
                json_rows[before_cutover].write(path, lo, hi)
            elif csv_rows is not None:
                csv_rows.write(path, lo, hi, writers.csv_header(old_names) if before_cutover else None)
            else:
                part = table.slice(lo, hi - lo)
                writers.write_parquet(part.rename_columns(old_names) if before_cutover else part, path)
        return key, len(day), len(bounds) - 1

    def _path(self, contract: TableContract, period: Period, start: np.datetime64) -> Path:
        d: date = start.astype(object)
        label = {"day": "%Y%m%d", "month": "%Y%m", "year": "%Y", "once": "%Y%m%d"}[period]
        return self.out_dir / contract.system / contract.path.replace("*", d.strftime(label))

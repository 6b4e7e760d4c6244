"""Runs the whole simulation and writes the landing files and the ground truth."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from tqdm import tqdm

from orchestration.settings import Settings
from orchestration.simulator import crm, erp, helpdesk, hris, ledger, marketing, oms, web
from orchestration.simulator.company import CompanyState, build_state
from orchestration.simulator.exports import RENAME_CUTOVER, Exporter, contract_tables
from orchestration.simulator.scenarios import resolve as resolve_scenarios

TRUTH_CONVENTIONS = {
    "window": "start_date to end_date (inclusive) is when the planted driver is changed",
    "lag_days": "days after start_date when the KPI starts to move (its window shifts by the lag)",
    "expected_relative_change": "approximate change of the KPI in its scope and shifted window against "
    "the four weeks before start_date, as a fraction (-0.3 = 30% lower), for scale 1",
    "scope": "where the effect shows: region_code(s), warehouse_id, org_unit, department, channels",
}


@dataclass(frozen=True)
class GenerationSummary:
    out_dir: Path
    truth_file: Path
    start: date
    end: date
    scenarios: tuple[str, ...]
    rows: dict[str, int]  # rows written per system.table (duplicates included)
    files: int
    seconds: float

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def default_range(today: date | None = None) -> tuple[date, date]:
    """Two years of whole months, ending with the last full month before ``today``."""
    today = today or date.today()
    end = today.replace(day=1) - timedelta(days=1)
    start_month = end.year * 12 + end.month - 1 - 23
    return date(start_month // 12, start_month % 12 + 1, 1), end


def default_out_dir() -> Path:
    """The project's landing folder: ``$UPT_LANDING_DIR``, else ``data/landing`` under the repository."""
    return Settings.from_env().landing_dir


def _clear(out_dir: Path) -> None:
    """Remove earlier export files of the simulated systems, so that a run replaces a run."""
    for table in contract_tables().values():
        for path in (out_dir / table.system).glob(table.path):
            path.unlink()


def _simulate(state: CompanyState, out: Exporter, progress: bool) -> list[dict]:
    """Run every system over the period, month by month; returns the experiments' true lifts."""
    mk = marketing.simulate(state)
    wf = hris.build_workforce(state, mk.clicks)
    accounts = crm.simulate(state, wf)
    oms.export_reference(state, out)
    erp.export_warehouses(state, out)
    ledger.export_chart(state, out)
    hris.export(state, wf, out)
    crm.export(state, wf, accounts, out)
    marketing.export(state, mk, out)

    shop = web.WebShop(state, mk)
    book = oms.OrderBook(state, accounts)
    ops = erp.Operations(state, wf)
    desk = helpdesk.Helpdesk(state, wf, accounts, book.customers)
    books = ledger.Ledger(state, wf)
    months = tqdm(
        state.calendar.months, desc="simulating", unit="month", file=sys.stderr, disable=not progress
    )
    for m, (a, b) in enumerate(months):
        sessions = shop.simulate_month(m, a, b)
        orders = book.build_month(m, a, b, sessions)
        ops.fulfil(m, a, b, orders, out)
        returns = book.returns(m, orders)
        book.export(orders, returns, out)
        online = np.flatnonzero(orders.session >= 0)
        shop.export(sessions, orders.order_id.take(online[np.argsort(orders.session[online])]), out)
        book.customers.remember_deliveries(orders)
        desk.collect(m, orders, returns)
        desk.process(m, a, b, out)
        desk.nps(m, orders, returns, out)
        books.record(orders, returns)
        books.post_month(m, a, b, out)
        out.flush(b)
    books.export_budget(out)
    return marketing.experiment_truth(mk, state)


def generate(
    out_dir: Path,
    *,
    seed: int = 42,
    scale: float = 1.0,
    start: date | None = None,
    end: date | None = None,
    scenarios: Sequence[str] | None = None,
    truth_file: Path | None = None,
    progress: bool = True,
) -> GenerationSummary:
    """Simulate the company from ``start`` to ``end`` (inclusive) and write every system's exports
    under ``out_dir`` (one folder per system) and the ground truth of the planted scenarios to
    ``truth_file`` (default ``<out_dir>/../simulator/ground_truth.json``).

    ``scenarios``: names to plant; ``None`` plants the default set, ``["none"]`` plants none.
    The same arguments always produce byte-identical files.
    """
    began = time.perf_counter()
    if scale <= 0:
        raise ValueError("scale must be positive")
    default_start, default_end = default_range()
    start, end = start or default_start, end or default_end
    out_dir = Path(out_dir)
    truth_file = Path(truth_file) if truth_file else out_dir.parent / "simulator" / "ground_truth.json"
    names = resolve_scenarios(scenarios)
    state = build_state(seed, scale, start, end, names)
    _clear(out_dir)
    out = Exporter(out_dir, start, state.calendar.n_days, seed)
    try:
        experiments = _simulate(state, out, progress)
        out.finish()
    finally:
        out.close()

    truth = {
        "generator": "orchestration.simulator",
        "seed": seed,
        "scale": scale,
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "reporting_currency": "USD",
        "rename_cutover_date": RENAME_CUTOVER.isoformat(),
        "conventions": TRUTH_CONVENTIONS,
        "scenarios": state.truth,
        "experiments": experiments,
    }
    truth_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = truth_file.with_name(f".{truth_file.name}.tmp")
    tmp.write_text(json.dumps(truth, indent=2) + "\n")
    os.replace(tmp, truth_file)
    return GenerationSummary(
        out_dir=out_dir,
        truth_file=truth_file,
        start=start,
        end=end,
        scenarios=names,
        rows=dict(sorted(out.rows.items())),
        files=out.files,
        seconds=time.perf_counter() - began,
    )

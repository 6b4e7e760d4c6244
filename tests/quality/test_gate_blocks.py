"""The quality gate on a real run: one kind of bad data at a time, injected into the next day's
order export of an otherwise clean company. The gate must block, keep the last good site byte for
byte (only the data-trust files change), and name the problem on the trust page and in the run.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg
import pytest

from tests.company import SmallCompany
from tests.project_dirs import apply_project_env
from tests.reports.site_checks import Visitor, visible_text

TRUST_FILES = {
    "data-trust/index.html",
    "data-trust/expectations.html",
    "data-trust/status.js",
    "data-trust/quality-results.json",
}
LAST_DAY = "20250430"
NEXT_DAY = "20250501"

Rows = list[dict[str, str]]


@dataclass(frozen=True)
class GateRun:
    run: dg.ExecuteInProcessResult
    before: dict[str, bytes]  # the published site before the run, path → content
    after: dict[str, bytes]
    released: bool  # whether `current` points at a new release
    site_dir: Path  # the published site after the run

    @property
    def messages(self) -> str:
        """What the run says went wrong: step failures and failed check descriptions."""
        texts = []
        for event in self.run.all_events:
            if event.is_step_failure and event.step_failure_data.error:
                texts.append(event.step_failure_data.error.to_string())
            if event.event_type_value == "ASSET_CHECK_EVALUATION" and not event.event_specific_data.passed:
                texts.append(event.event_specific_data.description or "")
        return "\n".join(texts)

    def text_of(self, path: str) -> str:
        return self.after[path].decode("utf-8")


def _site_files(site_dir: Path) -> dict[str, bytes]:
    current = (site_dir / "current").resolve()
    return {p.relative_to(current).as_posix(): p.read_bytes() for p in current.rglob("*") if p.is_file()}


def _read_orders(path: Path) -> tuple[list[str], Rows]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write_orders(path: Path, header: list[str], rows: Rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, quoting=csv.QUOTE_NONNUMERIC)
        writer.writeheader()
        writer.writerows([{k: row[k] for k in header} for row in rows])


def _next_day(rows: Rows) -> Rows:
    """The last day's orders sent again one day later: a normal, clean next-day file."""
    return [{**row, "updated_at": row["updated_at"].replace("2025-04-30", "2025-05-01")} for row in rows]


@pytest.fixture
def gate_run(
    small_company: SmallCompany, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[Callable[[Path, list[str], Rows], None]], GateRun]]:
    """Copy the clean company, let `corrupt` write the next day's order file, run the pipeline."""
    assert small_company.run.success
    data = apply_project_env(monkeypatch, tmp_path)
    shutil.copytree(small_company.landing_dir.parent, data, symlinks=True)

    def run(corrupt: Callable[[Path, list[str], Rows], None] | None) -> GateRun:
        if corrupt is not None:
            orders = data / "landing" / "oms" / "orders"
            header, rows = _read_orders(orders / f"orders_{LAST_DAY}.csv")
            corrupt(orders / f"orders_{NEXT_DAY}.csv", header, _next_day(rows))
        before = _site_files(data / "site")
        release_before = (data / "site" / "current").resolve()
        from orchestration.definitions import build_definitions

        result = (
            build_definitions()
            .resolve_job_def("refresh_all")
            .execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
        )
        return GateRun(
            run=result,
            before=before,
            after=_site_files(data / "site"),
            released=(data / "site" / "current").resolve() != release_before,
            site_dir=(data / "site" / "current").resolve(),
        )

    yield run


def _assert_blocked_and_site_kept(result: GateRun, *needles: str, table: str = "raw.oms__orders") -> None:
    """Blocked: no report page (and, for a raw table, no mart) was rebuilt; the site is kept."""
    assert not result.run.success, "the gate let bad data through"
    materialized = {
        e.asset_key.path[0] for e in result.run.all_events if e.event_type_value == "ASSET_MATERIALIZATION"
    }
    assert "reports" not in materialized
    assert table.startswith("scorecard.") or "scorecard" not in materialized
    # The published site is the previous one byte for byte, plus the updated trust files.
    changed = {p for p in result.after if result.before.get(p) != result.after[p]}
    assert result.released and set(result.after) == set(result.before)
    assert changed <= TRUST_FILES and "data-trust/index.html" in changed
    trust_page = visible_text(result.text_of("data-trust/index.html"))
    assert "Quality gate blocked" in trust_page and table in trust_page
    status = result.text_of("data-trust/status.js")
    assert '"state": "blocked"' in status and '"since": "20' in status
    for needle in needles:
        assert needle in result.messages, f"{needle!r} not in the run's messages"
        assert needle in trust_page, f"{needle!r} not on the trust page"


def test_duplicate_keys_block(gate_run: Callable[..., GateRun]) -> None:
    def corrupt(path: Path, header: list[str], rows: Rows) -> None:
        twin = {**rows[0], "order_total": "1.00"}  # same order and version, different content
        _write_orders(path, header, [*rows, twin])

    result = gate_run(corrupt)
    _assert_blocked_and_site_kept(result, "expect_compound_columns_to_be_unique", f"orders_{NEXT_DAY}.csv")


def test_null_keys_block(gate_run: Callable[..., GateRun]) -> None:
    def corrupt(path: Path, header: list[str], rows: Rows) -> None:
        rows[3]["order_id"] = ""
        _write_orders(path, header, rows)

    result = gate_run(corrupt)
    _assert_blocked_and_site_kept(result, "order_id", f"orders_{NEXT_DAY}.csv", "non-null")


def test_negative_amounts_block_and_every_page_shows_the_banner(
    gate_run: Callable[..., GateRun], browser: Any, screenshots: Path
) -> None:
    def corrupt(path: Path, header: list[str], rows: Rows) -> None:
        rows[1]["order_total"] = "-42.50"
        _write_orders(path, header, rows)

    result = gate_run(corrupt)
    _assert_blocked_and_site_kept(result, "order_total", "-42.5", f"orders_{NEXT_DAY}.csv")
    with Visitor(browser) as visitor:
        for page in ("index.html", "kpis/revenue.html", "data-trust/index.html"):
            shot = screenshots / "gate-blocked.png" if page == "index.html" else None
            visit = visitor.open(result.site_dir / page, screenshot=shot)
            assert visit.errors == [] and visit.failed_requests == []
            banner = visitor.page.locator(".trust-banner")
            assert banner.is_visible(), f"no banner on {page}"
            assert "Data quality gate failed since" in banner.inner_text()
            assert "raw.oms__orders" in banner.inner_text()


def test_dates_out_of_range_block(gate_run: Callable[..., GateRun]) -> None:
    def corrupt(path: Path, header: list[str], rows: Rows) -> None:
        rows[2]["ordered_at"] = "2099-05-01T10:00:00+00:00"
        _write_orders(path, header, rows)

    result = gate_run(corrupt)
    _assert_blocked_and_site_kept(result, "ordered_at", "2099-05-01")


def test_a_missing_column_blocks(gate_run: Callable[..., GateRun]) -> None:
    def corrupt(path: Path, header: list[str], rows: Rows) -> None:
        _write_orders(path, [c for c in header if c != "currency"], rows)

    result = gate_run(corrupt)
    _assert_blocked_and_site_kept(result, "missing required column(s) currency", f"orders_{NEXT_DAY}.csv")


def test_an_empty_file_blocks(gate_run: Callable[..., GateRun]) -> None:
    def corrupt(path: Path, header: list[str], rows: Rows) -> None:
        path.write_bytes(b"")

    result = gate_run(corrupt)
    _assert_blocked_and_site_kept(result, "the file is empty", f"orders_{NEXT_DAY}.csv")


def test_a_collapsed_row_count_blocks(gate_run: Callable[..., GateRun]) -> None:
    def corrupt(path: Path, header: list[str], rows: Rows) -> None:
        _write_orders(path, header, rows[:1])

    result = gate_run(corrupt)
    _assert_blocked_and_site_kept(result, "share_of_usual_rows", f"orders_{NEXT_DAY}.csv")


def test_a_collapsed_mart_blocks_the_reports(gate_run: Callable[..., GateRun]) -> None:
    """The KPI mart rebuilt with far fewer rows than its last good build stops the report pages.
    The collapse is staged by recording a last good build ten times the mart's size."""
    record_path = Path(os.environ["UPT_DATA_DIR"]) / "quality" / "checks" / "gx_scorecard_fct_kpi_values.json"
    record = json.loads(record_path.read_text(encoding="utf-8"))
    record["last_good_row_count"] = record["row_count"] * 10
    record_path.write_text(json.dumps(record), encoding="utf-8")

    result = gate_run(None)
    materialized = {
        "/".join(e.asset_key.path)
        for e in result.run.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION"
    }
    assert "scorecard/fct_kpi_values" in materialized  # the marts were rebuilt...
    _assert_blocked_and_site_kept(  # ...but the pages were not
        result, "expect_table_row_count_to_be_between", table="scorecard.fct_kpi_values"
    )

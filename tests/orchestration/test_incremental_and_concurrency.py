"""Incremental facts and one writer at a time, on real runs against real DuckDB files.

- The same three weeks loaded at once (one full run) and day by day (landing files arriving day
  by day, an incremental run after each day) give the same warehouse, table for table.
- The last day's run is launched by two processes at the same moment: both succeed, the second
  after waiting for the first, with identical results and no file loaded twice.
- A backfill of a date range (daily partitions, one run) rebuilds those days and nothing else.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.orchestration.helpers import (
    FACTS,
    INCREMENTAL_DAYS,
    REPO,
    START,
    ProjectDirs,
    child_env,
    deliver,
    fact_job,
    table_fingerprint,
    warehouse_fingerprints,
)


def _wait_for(paths: list[Path], processes: list[subprocess.Popen]) -> None:
    while not all(p.exists() for p in paths):
        failed = [p for p in processes if p.poll() is not None]
        if failed:
            pytest.fail(f"a run process ended early:\n{failed[0].stderr.read()[-3000:]}")
        time.sleep(0.1)


def _run(job: dg.JobDefinition) -> dg.ExecuteInProcessResult:
    return job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)


@dataclass(frozen=True)
class FullRefresh:
    dirs: ProjectDirs
    run: dg.ExecuteInProcessResult

    @property
    def warehouse_path(self) -> Path:
        return self.dirs.warehouse_path


@pytest.fixture(scope="module")
def full_refresh(company_exports: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FullRefresh]:
    """Every file delivered at once and one run."""
    dirs = ProjectDirs.create(tmp_path_factory.mktemp("full_refresh"))
    shutil.copytree(company_exports, dirs.landing_dir, dirs_exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        dirs.apply(patch)
        from orchestration.definitions import build_definitions

        result = _run(fact_job(build_definitions()))
        assert result.success
        yield FullRefresh(dirs, result)


def test_materialisations_carry_the_row_counts_of_the_tables_built(full_refresh: FullRefresh) -> None:
    reported = {
        event.asset_key.to_user_string(): event.event_specific_data.materialization.metadata
        for event in full_refresh.run.all_events
        if event.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION
    }
    con = duckdb.connect(str(full_refresh.warehouse_path), read_only=True)
    try:
        for key in [*FACTS, "intermediate/int_orders_converted_to_usd", "raw/oms/orders"]:
            schema, *_, table = key.split("/")
            relation = f"raw.{key.split('/')[1]}__{table}" if schema == "raw" else f"{schema}.{table}"
            rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
            assert reported[key]["dagster/row_count"].value == rows, key
    finally:
        con.close()


def _run_in_two_processes_at_once(dirs: ProjectDirs) -> tuple[list[dict], list[str]]:
    go = dirs.root / "go"
    ready = [dirs.root / f"ready-{i}" for i in range(2)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.orchestration.run_job", "--ready", str(flag), "--go", str(go)],
            cwd=REPO,
            env=child_env(dirs),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for flag in ready
    ]
    _wait_for(ready, processes)
    go.touch()
    outputs = [process.communicate(timeout=540) for process in processes]
    for process, (_, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr[-3000:]
    return [json.loads(stdout.strip().splitlines()[-1]) for stdout, _ in outputs], [e for _, e in outputs]


@dataclass(frozen=True)
class DayByDay:
    dirs: ProjectDirs
    last_day_outcomes: list[dict]
    last_day_logs: list[str]


@pytest.fixture(scope="module")
def day_by_day(company_exports: Path, tmp_path_factory: pytest.TempPathFactory) -> DayByDay:
    """The first days delivered and run, then each remaining day delivered and run incrementally,
    the last one by two processes at once."""
    dirs = ProjectDirs.create(tmp_path_factory.mktemp("day_by_day"))
    *days, last_day = INCREMENTAL_DAYS
    with pytest.MonkeyPatch.context() as patch:
        dirs.apply(patch)
        from orchestration.definitions import build_definitions

        job = fact_job(build_definitions())
        first_days = [START + dt.timedelta(days=n) for n in range((INCREMENTAL_DAYS[0] - START).days)]
        deliver(company_exports, dirs.landing_dir, [None, *first_days])
        assert _run(job).success
        for day in days:
            assert deliver(company_exports, dirs.landing_dir, [day]), f"no files for {day}"
            assert _run(job).success, f"incremental run for {day} failed"
    assert deliver(company_exports, dirs.landing_dir, [last_day]), f"no files for {last_day}"
    outcomes, logs = _run_in_two_processes_at_once(dirs)
    return DayByDay(dirs, outcomes, logs)


def test_two_runs_launched_at_once_both_finish_one_after_the_other(day_by_day: DayByDay) -> None:
    outcomes, logs = day_by_day.last_day_outcomes, day_by_day.last_day_logs
    assert [outcome["success"] for outcome in outcomes] == [True, True]
    waited = [log for log in logs if "Waiting for the warehouse" in log]
    assert len(waited) == 1, "exactly one of the two runs waited for the other"
    assert outcomes[0]["fingerprints"] == outcomes[1]["fingerprints"]
    con = duckdb.connect(str(day_by_day.dirs.warehouse_path), read_only=True)
    try:
        loaded_twice = con.execute(
            "select file_path from raw._upt_loads group by file_path having count(*) > 1"
        ).fetchall()
        last_day_orders = con.execute(
            "select count(*) from sales.fct_orders where order_date = ?", [INCREMENTAL_DAYS[-1]]
        ).fetchone()[0]
    finally:
        con.close()
    assert loaded_twice == [], "the second run loaded no file again"
    assert last_day_orders > 0


def test_day_by_day_incremental_runs_build_the_same_warehouse_as_a_full_refresh(
    full_refresh: FullRefresh, day_by_day: DayByDay
) -> None:
    full = warehouse_fingerprints(full_refresh.warehouse_path)
    incremental = warehouse_fingerprints(day_by_day.dirs.warehouse_path)
    assert {f.replace("/", ".") for f in FACTS} <= set(full)
    names = full.keys() | incremental.keys()
    differing = sorted(name for name in names if full.get(name) != incremental.get(name))
    assert differing == []


def test_a_backfill_of_a_date_range_rebuilds_those_days_and_nothing_else(
    full_refresh: FullRefresh, day_by_day: DayByDay, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dirs = ProjectDirs.create(tmp_path)
    dirs.warehouse_path.parent.mkdir(parents=True)
    shutil.copyfile(day_by_day.dirs.warehouse_path, dirs.warehouse_path)
    days = ("2025-03-12", "2025-03-13")
    con = duckdb.connect(str(dirs.warehouse_path))
    try:
        # An early order marked and the two days' orders lost: the backfill must leave the first
        # alone (its customer ordered nothing in the range) and bring the others back.
        marked = con.execute(
            "update sales.fct_orders set order_status = 'marked' where order_id = ("
            " select min(order_id) from sales.fct_orders where order_date = ? and customer_id not in ("
            "  select customer_id from sales.fct_orders where order_date between ? and ?)"
            ") returning order_id",
            [START.isoformat(), *days],
        ).fetchall()
        lost = con.execute(
            "delete from sales.fct_orders where order_date between ? and ? returning order_id", list(days)
        ).fetchall()
    finally:
        con.close()
    assert lost and len(marked) == 1
    dirs.apply(monkeypatch)
    from orchestration.definitions import build_definitions

    result = fact_job(build_definitions(), facts_only=True).execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        tags={"dagster/asset_partition_range_start": days[0], "dagster/asset_partition_range_end": days[1]},
    )
    assert result.success
    dbt_runs = [e for e in result.all_events if e.is_step_start and e.step_key == "dbt_daily_facts"]
    assert len(dbt_runs) == 1, "the whole range is one dbt step"
    query = "select * from sales.fct_orders where order_date between ? and ? order by order_id"
    rebuilt = _frame(dirs.warehouse_path, query, list(days))
    expected = _frame(full_refresh.warehouse_path, query, list(days))
    assert len(rebuilt) == len(lost)
    assert table_fingerprint(rebuilt) == table_fingerprint(expected)
    status = _frame(
        dirs.warehouse_path, "select order_status from sales.fct_orders where order_id = ?", list(marked[0])
    )
    assert status["order_status"].tolist() == ["marked"], "an order outside the range is not rebuilt"


def _frame(warehouse: Path, sql: str, params: list):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params).df()
    finally:
        con.close()

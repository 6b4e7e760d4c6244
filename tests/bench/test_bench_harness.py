"""The benchmark harness at a tiny scale: it prints the stage table and every ratio as numbers, and
writes its BENCHMARKS.md-style results where it is told (never over the repository's file).

Figures are not judged (speed is not tested); what is checked is that the harness measured real
runs: the full refresh's loaded rows are the rows its warehouse's raw tables hold, counted here.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.bench.report import TABLE_STAGES
from orchestration.settings import PROJECT_ROOT

# The harness runs the real pipeline about four times over (stages, incremental day, full refresh),
# each in fresh processes: minutes on two cores, more when the machine is busy.
pytestmark = pytest.mark.timeout(1800)

NUMBER = r"[0-9][0-9,]*(?:\.[0-9]+)?"
RATIOS = (
    "dbt build through Dagster / compiled SQL in DuckDB",
    "insights through Dagster / compiled SQL in DuckDB",
    "quality gate: pandas / SQL",
    "quality gate / dbt build",
    "one incremental day / full refresh (refresh_all)",
    "one-day partition backfill / full build of the daily facts",
    "ingest through Dagster / DuckDB's own readers",
    "Dagster definitions load (s)",
)


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Path]:
    root = tmp_path_factory.mktemp("bench")
    markdown = root / "BENCHMARKS.md"
    repo_file = PROJECT_ROOT / "BENCHMARKS.md"
    before = repo_file.read_bytes() if repo_file.exists() else None
    command = [
        sys.executable,
        "-m",
        "orchestration.bench",
        "--scales",
        "0.02",
        "--days",
        "14",
        "--end",
        "2025-03-14",
        "--markdown",
        str(markdown),
        "--work-dir",
        str(root),
        "--keep",
    ]
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=1700)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    after = repo_file.read_bytes() if repo_file.exists() else None
    assert before == after, "the harness wrote over the repository's BENCHMARKS.md"
    (data,) = [p for p in root.iterdir() if p.name.startswith("upt-bench-0.02-")]
    return done.stdout, markdown, data


def _row(output: str, title: str) -> list[str]:
    lines = [line for line in output.splitlines() if line.startswith(title + "  ")]
    assert lines, f"no table row for {title!r}"
    return lines[0][len(title) :].split()


def test_the_stage_table_has_rows_seconds_and_peak_memory_for_every_stage(bench_run) -> None:
    output, _, _ = bench_run
    for _, title in (*TABLE_STAGES, ("", "end to end (refresh_all)")):
        cells = _row(output, title)
        rows, seconds, peak = cells[:3]
        assert re.fullmatch(NUMBER, rows) and re.fullmatch(NUMBER, seconds) and re.fullmatch(NUMBER, peak)
        assert float(seconds) > 0 and float(peak.replace(",", "")) > 0
    assert int(_row(output, "generate")[0].replace(",", "")) > 0


def test_every_ratio_is_printed_as_a_number_with_its_target(bench_run) -> None:
    output, _, _ = bench_run
    for name in RATIOS:
        match = re.search(rf"^  {re.escape(name)}: (\S+)  \[.+\]  target .+$", output, re.MULTILINE)
        assert match, f"ratio {name!r} not printed"
        assert math.isfinite(float(match.group(1))) and float(match.group(1)) > 0


def test_the_markdown_names_the_machine_the_versions_the_command_and_the_figures(bench_run) -> None:
    output, markdown, _ = bench_run
    text = markdown.read_text()
    cores = Path("/proc/cpuinfo").read_text().count("processor\t:")
    assert f"{cores} cores" in text
    for tool in ("python", "duckdb", "dbt-core", "dagster"):
        assert re.search(rf"{tool} [0-9]+\.[0-9]+", text), tool
    assert "`python -m orchestration.bench --scales 0.02 --days 14 --end 2025-03-14" in text
    assert "## scale 0.02 (2025-03-01 to 2025-03-14" in text
    for name in RATIOS:
        assert re.search(rf"\| {re.escape(name)} \| {NUMBER} \|", text), name
    e2e_seconds = _row(output, "end to end (refresh_all)")[1]
    assert re.search(rf"\| end to end \(refresh_all\) \| {NUMBER} \| {re.escape(e2e_seconds)} \|", text)


def test_the_full_refresh_loaded_the_rows_its_raw_tables_hold(bench_run) -> None:
    output, _, data = bench_run
    printed = int(_row(output, "full refresh (refresh_all)")[0].replace(",", ""))
    con = duckdb.connect(str(data / "full_refresh" / "warehouse" / "upt.duckdb"), read_only=True)
    try:
        tables = con.execute(
            "select table_name from information_schema.tables where table_schema = 'raw' "
            "and table_type = 'BASE TABLE' and table_name not like '\\_%' escape '\\'"
        ).fetchall()
        held = sum(con.execute(f'select count(*) from raw."{name}"').fetchone()[0] for (name,) in tables)
    finally:
        con.close()
    assert tables and printed == held


def test_a_failed_step_is_written_down_with_its_error() -> None:
    import dagster as dg

    from orchestration.bench.child import StageResult
    from orchestration.bench.report import ScaleRun, format_run, markdown
    from orchestration.bench.stages import _run_figures

    @dg.op
    def dbt_daily_facts() -> None:
        raise RuntimeError("Out of Memory Error: failed to allocate 16.0 MiB\n(1.8 GiB/1.8 GiB used)")

    @dg.job
    def refresh() -> None:
        dbt_daily_facts()

    instance = dg.DagsterInstance.ephemeral()
    result = refresh.execute_in_process(instance=instance, raise_on_error=False)
    figures = _run_figures((result, instance.all_logs(result.run_id)))
    assert figures["failed_steps"] == ["dbt_daily_facts"]
    # The message's lines joined into one, for a table note.
    assert "failed to allocate 16.0 MiB (1.8 GiB/1.8 GiB used)" in figures["step_errors"]["dbt_daily_facts"]

    run = ScaleRun(scale=10, start="2024-12-01", end="2026-11-30")
    run.add(StageResult("transform", 1.0, 1.0, 0, figures))
    expected = "transform: dbt_daily_facts: RuntimeError: Out of Memory Error"
    assert f"failed step: {expected}" in format_run(run)
    text = markdown([run], "bench", "now", "machine", {}, "0 / 0 / 0", [], "")
    assert f"- {expected}" in text

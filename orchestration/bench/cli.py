"""Command line: `python -m orchestration.bench --scales 1 10 [--days N] [--markdown PATH]`."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from orchestration.bench.child import StageResult, run_stage
from orchestration.bench.direct_sql import compile_project
from orchestration.bench.landing import deliver_day
from orchestration.bench.machine import load_average, machine_description, versions
from orchestration.bench.report import ScaleRun, format_run, kept_analysis, markdown
from orchestration.settings import DBT_PROFILES_DIR, PROJECT_ROOT
from orchestration.simulator.generate import default_range


class ProjectFolders:
    """A data folder of its own for one deployment (landing, warehouse, site, gate records)."""

    def __init__(self, root: Path, landing: Path) -> None:
        self.root = root
        self.landing = landing
        self.warehouse = root / "warehouse" / "upt.duckdb"
        self.dagster_home = root / "dagster_home"
        self.dagster_home.mkdir(parents=True, exist_ok=True)

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "UPT_DATA_DIR": str(self.root),
            "UPT_LANDING_DIR": str(self.landing),
            "UPT_WAREHOUSE_PATH": str(self.warehouse),
            "UPT_SITE_DIR": str(self.root / "site"),
            "UPT_QUALITY_DIR": str(self.root / "quality"),
            "UPT_DBT_TARGET": "duckdb",
            "DAGSTER_HOME": str(self.dagster_home),
            "DBT_PROFILES_DIR": str(DBT_PROFILES_DIR),
            "DO_NOT_TRACK": "1",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "GX_ANALYTICS_ENABLED": "false",
            "PYTHONWARNINGS": "ignore",
        }


def bench_scale(
    scale: float, start: date, end: date, seed: int, root: Path, say: Callable[[str], None]
) -> ScaleRun:
    run = ScaleRun(scale=scale, start=start.isoformat(), end=end.isoformat())
    work = root / "logs"
    work.mkdir(parents=True, exist_ok=True)
    landing = root / "landing"
    main = ProjectFolders(root / "data", landing)
    env = main.env()

    def stage(
        label: str, name: str, params: dict | None = None, stage_env: dict | None = None
    ) -> StageResult:
        say(f"  scale {scale:g}: {label} ...")
        result = run.add(run_stage(label, name, params or {}, stage_env or env, work))
        say(
            f"  scale {scale:g}: {label}: {result.seconds:.1f} s, {result.peak_mb:,.0f} MB, "
            f"{result.rows:,} rows"
        )
        return result

    def generation(out: Path, last_day: date) -> dict:
        return {
            "out": str(out),
            "seed": seed,
            "scale": scale,
            "start": start.isoformat(),
            "end": last_day.isoformat(),
            "truth_file": str(out.parent / f"{out.name}-ground_truth.json"),
        }

    stage("generate", "generate", generation(landing, end))
    stage("definitions", "definitions")
    stage("ingest", "pipeline_part", {"part": "ingest"})
    stage("ingest_duckdb", "ingest_duckdb", {"scratch": str(root / "duckdb_reader.duckdb")})
    stage("transform", "pipeline_part", {"part": "transform"})
    stage("gate", "pipeline_part", {"part": "gate"})
    stage("gate_engines", "gate_engines")
    stage("insights", "pipeline_part", {"part": "insights"})
    # The compiled SQL runs on a copy with the same file name: compiled SQL names the database.
    copy = root / "direct" / "upt.duckdb"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(main.warehouse, copy)
    say(f"  scale {scale:g}: dbt compile for the direct run (not timed) ...")
    manifest = compile_project(copy, root / "direct" / "target", env)
    stage("transform_direct", "transform_direct", {"manifest": str(manifest), "warehouse": str(copy)})
    copy.unlink()
    stage("reports", "pipeline_part", {"part": "reports"})
    stage("site_build", "site_build")

    # One more day: generated one day further, the new day's files delivered into the landing folder.
    next_day = end + timedelta(days=1)
    further = root / "further_landing"
    stage("generate_next_day", "generate", generation(further, next_day))
    delivered = deliver_day(further, landing, next_day)
    say(f"  scale {scale:g}: delivered {len(delivered)} file(s) of {next_day}")
    shutil.rmtree(further)
    stage("incremental", "refresh")
    stage("backfill_day", "backfill_day", {"day": next_day.isoformat()})
    # The full refresh is the end-to-end figure: a new warehouse, every landing file, every step.
    fresh = ProjectFolders(root / "full_refresh", landing)
    stage("full_refresh", "refresh", {"full_refresh": True}, fresh.env())
    return run


def parser() -> argparse.ArgumentParser:
    _, last_full_month_end = default_range()
    p = argparse.ArgumentParser(prog="python -m orchestration.bench", description=__doc__.splitlines()[0])
    p.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0], help="demo company sizes")
    p.add_argument(
        "--days", type=int, default=None, help="days of history (default: the simulator's two years)"
    )
    p.add_argument("--end", type=date.fromisoformat, default=last_full_month_end, help="last day of history")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument(
        "--markdown", type=Path, default=PROJECT_ROOT / "BENCHMARKS.md", help="where to write the results"
    )
    p.add_argument("--work-dir", type=Path, default=None, help="parent of the temporary data folders")
    p.add_argument("--keep", action="store_true", help="keep the data folders (their path is printed)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    end = args.end
    start = end - timedelta(days=args.days - 1) if args.days else default_range(end + timedelta(days=1))[0]
    command = "python -m orchestration.bench " + shlex.join(sys.argv[1:] if argv is None else list(argv))
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = load_average()

    def say(line: str) -> None:
        print(line, flush=True)

    runs: list[ScaleRun] = []
    for number, scale in enumerate(args.scales):
        root = Path(tempfile.mkdtemp(prefix=f"upt-bench-{scale:g}-", dir=args.work_dir))
        say(f"scale {scale:g}: {start} to {end}, data under {root}")
        try:
            runs.append(bench_scale(scale, start, end, args.seed, root, say))
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
        say(format_run(runs[-1]))
        # Written after every scale, so a long run that is stopped keeps the scales it finished.
        notes = [
            f"scale {later:g} not measured: the run had not finished it"
            for later in args.scales[number + 1 :]
        ]
        analysis = kept_analysis(args.markdown)
        args.markdown.write_text(
            markdown(
                runs,
                command,
                started,
                machine_description(),
                versions(),
                f"{load} at the start, {load_average()} at the end",
                notes,
                analysis,
            )
        )
        say(f"results written to {args.markdown}")
    return 0

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

from orchestration.bench.child import StageError, StageResult, run_stage
from orchestration.bench.direct_sql import compile_project
from orchestration.bench.landing import deliver_held_back, hold_back_day
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


def bench_scale(run: ScaleRun, seed: int, root: Path, say: Callable[[str], None]) -> None:
    """Every measurement of one scale, added to `run` as it is taken."""
    scale, start, end = run.scale, date.fromisoformat(run.start), date.fromisoformat(run.end)
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

    # The company is generated one day further; that day's files wait until the incremental run.
    next_day = end + timedelta(days=1)
    held_back = root / "held_back"
    stage(
        "generate",
        "generate",
        {
            "out": str(landing),
            "seed": seed,
            "scale": scale,
            "start": start.isoformat(),
            "end": next_day.isoformat(),
            "truth_file": str(root / "ground_truth.json"),
        },
    )
    hold_back_day(landing, held_back, next_day)
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

    delivered = deliver_held_back(held_back, landing)
    say(f"  scale {scale:g}: delivered {len(delivered)} file(s) of {next_day}")
    stage("incremental", "refresh")
    stage("backfill_day", "backfill_day", {"day": next_day.isoformat()})
    # The full refresh is the end-to-end figure: a new warehouse, every landing file, every step.
    fresh = ProjectFolders(root / "full_refresh", landing)
    stage("full_refresh", "refresh", {"full_refresh": True}, fresh.env())


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
    notes: list[str] = []
    for number, scale in enumerate(args.scales):
        root = Path(tempfile.mkdtemp(prefix=f"upt-bench-{scale:g}-", dir=args.work_dir))
        say(f"scale {scale:g}: {start} to {end}, data under {root}")
        run = ScaleRun(scale=scale, start=start.isoformat(), end=end.isoformat())
        runs.append(run)
        stopped = False
        try:
            bench_scale(run, args.seed, root, say)
        except (StageError, KeyboardInterrupt) as exc:
            # What was measured is still written down, with what stopped the rest.
            stopped = True
            reason = str(exc).splitlines()[0] if str(exc) else "interrupted"
            notes.append(f"scale {scale:g} stopped after {len(run.stages)} measurement(s): {reason}")
            say(f"scale {scale:g} stopped: {exc}")
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
        say(format_run(run))
        # Written after every scale, so a long run that is stopped keeps the scales it finished.
        pending = [] if stopped else args.scales[number + 1 :]
        later = [f"scale {s:g} not measured: the run had not reached it" for s in pending]
        analysis = kept_analysis(args.markdown)
        args.markdown.write_text(
            markdown(
                runs,
                command,
                started,
                machine_description(),
                versions(),
                f"{load} at the start, {load_average()} at the end",
                notes + later,
                analysis,
            )
        )
        say(f"results written to {args.markdown}")
        if stopped:
            return 1
    return 0

"""Figures, not pass/fail: the same simulated company loaded and built on DuckDB and on Spark.

    python -m orchestration.spark.bench --scale 1 [--months 3]

For each warehouse, in a fresh folder: load every landing file into the raw schema, `dbt build`
the whole project (models, seeds, tests), and on Spark copy the marts into the DuckDB mirror the
report pages read. Prints the wall time of each phase and the peak memory of the whole process
tree (the loader, dbt, and on Spark the JVMs they start).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from orchestration.settings import PROJECT_ROOT

ENGINES = ("duckdb", "spark")


def _tree_rss_bytes(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def _run_measured(command: list[str], env: dict[str, str]) -> tuple[dict[str, float], int]:
    """Run the command; return the phase timings it prints (one JSON line) and its peak tree RSS."""
    process = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_bytes(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode})")
    return json.loads(output.strip().splitlines()[-1]), peak


def run_engine(landing: str) -> None:
    """Inside the measured process (the environment selects the warehouse): load, build, mirror."""
    from orchestration.ingest.contracts import load_contracts
    from orchestration.ingest.loader import load_table
    from orchestration.resources import WarehouseResource
    from orchestration.settings import Settings
    from orchestration.spark.export import around_dbt_build
    from orchestration.transform.project import dbt_env, dbt_executable

    settings = Settings.from_env()
    settings.export_for_dbt()
    warehouse = WarehouseResource.from_settings(settings)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    for system in load_contracts():
        for table in system.tables:
            with warehouse.connect() as con:
                load_table(con, table, Path(landing))
    timings["load"] = time.perf_counter() - started
    started = time.perf_counter()
    dbt_out = Path(os.environ["UPT_DATA_DIR"]) / "dbt.out"
    with around_dbt_build(settings):
        with dbt_out.open("w") as out:
            code = subprocess.run(
                [dbt_executable(), "build"],
                cwd=PROJECT_ROOT,
                env={**os.environ, **dbt_env()},
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            ).returncode
        if code != 0:
            raise SystemExit(f"dbt build failed on {settings.dbt_target}: see {dbt_out}")
        timings["dbt_build"] = time.perf_counter() - started
    timings["dbt_build_and_mirror"] = time.perf_counter() - started
    print(json.dumps(timings))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m orchestration.spark.bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--scale", type=float, default=1.0, help="size of the simulated company")
    parser.add_argument("--months", type=int, default=3, help="months of exports, from 2025-01-01")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    from orchestration.simulator import generate
    from orchestration.spark.java_runtime import ensure_java

    ensure_java()
    start = dt.date(2025, 1, 1)
    end_month = start.month - 1 + args.months
    end = dt.date(start.year + end_month // 12, end_month % 12 + 1, 1) - dt.timedelta(days=1)
    with tempfile.TemporaryDirectory(prefix="upt-spark-bench-") as work:
        landing = Path(work) / "landing"
        generated = time.perf_counter()
        generate(landing, seed=args.seed, scale=args.scale, start=start, end=end, progress=False)
        files = [p for p in landing.rglob("*") if p.is_file()]
        print(
            f"scale {args.scale}, {start} to {end}: {len(files)} landing files, "
            f"{sum(p.stat().st_size for p in files) / 1e6:.1f} MB "
            f"(generated in {time.perf_counter() - generated:.0f} s); {os.cpu_count()} cores"
        )
        header = ("warehouse", "load s", "dbt build s", "+ mirror s", "total s", "peak MB")
        print(f"{header[0]:<10} {header[1]:>8} {header[2]:>12} {header[3]:>11} {header[4]:>9} {header[5]:>9}")
        for engine in ENGINES:
            data = Path(work) / engine
            env = {
                **os.environ,
                "UPT_DBT_TARGET": engine,
                "UPT_DATA_DIR": str(data),
                "UPT_WAREHOUSE_PATH": str(data / "warehouse" / "upt.duckdb"),
                "UPT_SPARK_WAREHOUSE_DIR": str(data / "spark" / "warehouse"),
                "UPT_SPARK_METASTORE_DIR": str(data / "spark" / "metastore"),
                "DBT_TARGET_PATH": str(data / "target"),
                "DBT_LOG_PATH": str(data / "logs"),
                "DO_NOT_TRACK": "1",
            }
            data.mkdir()
            began = time.perf_counter()
            timings, peak = _run_measured(
                [
                    sys.executable,
                    "-c",
                    f"from orchestration.spark.bench import run_engine; run_engine({str(landing)!r})",
                ],
                env,
            )
            mirror = timings["dbt_build_and_mirror"] - timings["dbt_build"]
            print(
                f"{engine:<10} {timings['load']:>8.1f} {timings['dbt_build']:>12.1f} {mirror:>11.1f} "
                f"{time.perf_counter() - began:>9.1f} {peak / 2**20:>9.0f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

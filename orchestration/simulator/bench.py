"""Benchmark: ``python -m orchestration.simulator.bench [--scale 10]``.

Runs a full generation into a temporary folder (or ``--out``) and prints rows and files written,
wall and CPU time, peak memory (resident set size of this process) and rows per second.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from orchestration.simulator.generate import default_range, generate


def _peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, KiB on Linux


def main(argv: Sequence[str] | None = None) -> int:
    start, end = default_range()
    p = argparse.ArgumentParser(
        prog="python -m orchestration.simulator.bench", description=__doc__.splitlines()[0]
    )
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--start", type=date.fromisoformat, default=start)
    p.add_argument("--end", type=date.fromisoformat, default=end)
    p.add_argument(
        "--out", type=Path, default=None, help="landing folder (default: a temporary folder, removed after)"
    )
    p.add_argument("--tables", action="store_true", help="also print rows per table")
    args = p.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="upt-bench-") as tmp:
        out = args.out or Path(tmp) / "landing"
        cpu = time.process_time()
        summary = generate(
            out, seed=args.seed, scale=args.scale, start=args.start, end=args.end, progress=False
        )
        cpu = time.process_time() - cpu
    if args.tables:
        for table, rows in summary.rows.items():
            print(f"  {table:<36} {rows:>12,}")
    print(f"scale            {args.scale:g} ({summary.start} to {summary.end})")
    print(f"rows written     {summary.total_rows:,}")
    print(f"files written    {summary.files:,}")
    print(f"wall time        {summary.seconds:.1f} s (CPU {cpu:.1f} s)")
    print(f"peak memory      {_peak_rss_mib():,.0f} MiB (max RSS)")
    print(f"rows per second  {summary.total_rows / summary.seconds:,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

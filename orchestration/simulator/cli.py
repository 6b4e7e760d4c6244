"""Command line: ``python -m orchestration.simulator --out DIR --seed 42 --scale 1 ...``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from orchestration.simulator.generate import default_out_dir, default_range, generate
from orchestration.simulator.scenarios import DEFAULT_SCENARIOS, SCENARIOS


def parser() -> argparse.ArgumentParser:
    start, end = default_range()
    p = argparse.ArgumentParser(
        prog="python -m orchestration.simulator",
        description="Write the source-system exports of the simulated company into a landing folder.",
    )
    p.add_argument(
        "--out", type=Path, default=None, help="landing folder (default: $UPT_LANDING_DIR or data/landing)"
    )
    p.add_argument("--seed", type=int, default=42)
    p.add_argument(
        "--scale", type=float, default=1.0, help="company size; 1 = tens of thousands of orders a month"
    )
    p.add_argument("--start", type=date.fromisoformat, default=start, help=f"first day (default {start})")
    p.add_argument("--end", type=date.fromisoformat, default=end, help=f"last day, inclusive (default {end})")
    p.add_argument(
        "--scenario",
        action="append",
        choices=[*SCENARIOS, "none"],
        help=f"plant a scenario (repeatable); 'none' plants none; default: {', '.join(DEFAULT_SCENARIOS)}",
    )
    p.add_argument(
        "--truth-file", type=Path, default=None, help="ground truth JSON (default: <out>/../simulator/)"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    summary = generate(
        args.out or default_out_dir(),
        seed=args.seed,
        scale=args.scale,
        start=args.start,
        end=args.end,
        scenarios=args.scenario,
        truth_file=args.truth_file,
        progress=not args.quiet,
    )
    if not args.quiet:
        print(
            f"{summary.total_rows:,} rows in {summary.files:,} files under {summary.out_dir} "
            f"({summary.start} to {summary.end}) in {summary.seconds:.1f} s; "
            f"scenarios: {', '.join(summary.scenarios) or 'none'}; ground truth: {summary.truth_file}",
            file=sys.stderr,
        )
    return 0

"""The gate's cost: every suite through SQL in the warehouse, then the same suites through pandas.

    python -m quality.bench --warehouse data/warehouse/upt.duckdb

Prints seconds per layer and the ratio; figures only, nothing is asserted. The pandas run fetches
each suite's rows into a DataFrame first (as a gate without push-down would) and is timed with
that fetch included.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from orchestration.settings import Settings, duckdb_read_url
from quality.runner import Engine, existing_tables, suite_context, table_row_count, validate_suite
from quality.suites import ALL_SUITES, SuiteSpec

# pandas holds a suite's whole table in memory (3.4 GB for the largest at scale 1): the engines are
# compared on the suites whose table it can hold, so a large scale is measured instead of running out.
PANDAS_MAX_ROWS = 5_000_000


@dataclass(frozen=True)
class GateTiming:
    engine: str
    seconds: float
    suites: int
    failed: int
    rows: int
    peak_rss_mb: float


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_gate(url: str, engine: Engine, suites: Sequence[SuiteSpec] = ALL_SUITES) -> GateTiming:
    context = suite_context(url)
    started = time.perf_counter()
    outcomes = [validate_suite(spec, url, context, engine=engine) for spec in suites]
    return GateTiming(
        engine=engine,
        seconds=time.perf_counter() - started,
        suites=len(outcomes),
        failed=sum(not o.passed for o in outcomes),
        rows=sum(o.row_count or 0 for o in outcomes),
        peak_rss_mb=_peak_rss_mb(),
    )


def built_suites(url: str) -> list[SuiteSpec]:
    """The suites whose table the warehouse holds."""
    built = {schema: existing_tables(url, schema) for schema in {s.schema for s in ALL_SUITES}}
    return [spec for spec in ALL_SUITES if spec.table in built[spec.schema]]


def pandas_sized(url: str, suites: Sequence[SuiteSpec], max_rows: int = PANDAS_MAX_ROWS) -> list[SuiteSpec]:
    """The suites whose table pandas can hold: at most `max_rows` rows."""
    return [spec for spec in suites if table_row_count(url, spec.schema, spec.table) <= max_rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quality.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True, help="a built DuckDB warehouse file")
    parser.add_argument("--skip-pandas", action="store_true", help="time only the SQL gate")
    args = parser.parse_args(argv)
    if not args.warehouse.exists():
        parser.error(f"{args.warehouse} does not exist; build it first (make run)")
    url = duckdb_read_url(args.warehouse.resolve(), Settings.from_env().duckdb_memory_limit)
    suites = built_suites(url)
    if len(suites) < len(ALL_SUITES):
        print(f"note: {len(ALL_SUITES) - len(suites)} suite(s) skipped: their tables are not built")
    if not args.skip_pandas:
        compared = pandas_sized(url, suites)
        if len(compared) < len(suites):
            print(
                f"note: {len(suites) - len(compared)} suite(s) left out: "
                f"their tables hold over {PANDAS_MAX_ROWS:,} rows, too many for pandas"
            )
        suites = compared
    validate_suite(suites[0], url)  # imports GX and warms up, outside the timings
    sql = time_gate(url, "sql", suites)
    print(f"{'gate':<8} {'suites':>6} {'failed':>6} {'rows':>12} {'seconds':>9} {'peak RSS MB':>12}")
    _print_row("SQL", sql)
    if not args.skip_pandas:
        pandas = time_gate(url, "pandas", suites)
        _print_row("pandas", pandas)
        print(f"pandas / SQL time: {pandas.seconds / sql.seconds:.1f}x")
    return 0


def _print_row(label: str, timing: GateTiming) -> None:
    print(
        f"{label:<8} {timing.suites:>6} {timing.failed:>6} {timing.rows:>12,} {timing.seconds:>9.2f} "
        f"{timing.peak_rss_mb:>12,.0f}"
    )


if __name__ == "__main__":
    sys.exit(main())

"""Time a full build of the report site: `python -m reports.bench --warehouse PATH`.

Builds every page from the given warehouse into a temporary folder (or --out) and prints how many
pages were built and how long it took. The Vega bundle is made before the clock starts when
--warm is given, as it is in a long-running process that has built once already.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from reports.engine.site import build_site
from reports.engine.static_assets import vega_bundle


def bench(warehouse: Path, out_dir: Path, repeat: int = 1) -> list[float]:
    """Seconds of each build; every build goes to its own folder under `out_dir`."""
    seconds = []
    for run in range(repeat):
        start = time.perf_counter()
        result = build_site(warehouse, out_dir / f"build-{run}")
        seconds.append(time.perf_counter() - start)
        print(f"build {run + 1}: {len(result.pages)} pages in {seconds[-1]:.2f} s")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reports.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True, help="the DuckDB warehouse file")
    parser.add_argument("--out", type=Path, help="keep the builds here (default: a temporary folder)")
    parser.add_argument("--repeat", type=int, default=1, help="builds to time")
    parser.add_argument("--warm", action="store_true", help="make the Vega bundle before timing")
    args = parser.parse_args(argv)
    if not args.warehouse.is_file():
        parser.error(f"no warehouse at {args.warehouse}")
    if args.warm:
        vega_bundle()
    if args.out:
        seconds = bench(args.warehouse, args.out, args.repeat)
    else:
        with tempfile.TemporaryDirectory(prefix="upt-bench-") as folder:
            seconds = bench(args.warehouse, Path(folder), args.repeat)
    print(f"best {min(seconds):.2f} s, mean {sum(seconds) / len(seconds):.2f} s over {len(seconds)} build(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

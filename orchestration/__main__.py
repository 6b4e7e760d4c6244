"""Command line: `python -m orchestration run` runs the whole pipeline through Dagster.

It creates the demo company's exports when the landing folder is empty, materialises every asset
(ingest → dbt → quality gate → report pages) in one Dagster run recorded in the project's Dagster
home (so the UI shows it), then prints where the site is and a short scorecard.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import warnings

from orchestration.instance import ensure_dagster_home
from orchestration.locking import warehouse_lock
from orchestration.settings import Settings


def _has_landing_files(settings: Settings) -> bool:
    return settings.landing_dir.exists() and any(p.is_file() for p in settings.landing_dir.rglob("*"))


def _quiet() -> None:
    warnings.filterwarnings("ignore")
    logging.getLogger("dagster").setLevel(logging.WARNING)


def run(args: argparse.Namespace) -> int:
    _quiet()
    home = ensure_dagster_home()
    settings = Settings.from_env()
    if not _has_landing_files(settings):
        from orchestration.simulator import generate

        print(
            f"No landing files in {settings.landing_dir}: generating the demo company (scale {args.scale})."
        )
        generate(settings.landing_dir, scale=args.scale, seed=args.seed)

    import dagster as dg

    from orchestration.definitions import defs
    from orchestration.publish.site_paths import published_index
    from orchestration.summary import scorecard_summary

    print("Running the pipeline through Dagster (job refresh_all); `make dev` shows the run in the UI.")
    # dbt's own output goes to a file; warnings and errors stay on the terminal, and every event
    # is in the run's log in the UI.
    tool_log = home / "last_run_output.log"
    with tool_log.open("w") as sink, contextlib.redirect_stdout(sink):
        result = defs.resolve_job_def("refresh_all").execute_in_process(
            instance=dg.DagsterInstance.get(),
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        )
    materialized = sum(1 for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION")
    checks = [e for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    passed = sum(1 for e in checks if e.event_specific_data.passed)
    print(f"Run {result.run_id}: {materialized} assets materialised, {passed}/{len(checks)} checks passed.")
    index = published_index(settings.site_dir)
    if not result.success:
        failed = [event.step_key for event in result.all_events if event.is_step_failure]
        print(f"The run failed at: {', '.join(failed) or 'see the Dagster UI'} (run id {result.run_id}).")
        print(f"dbt's output: {tool_log}")
        if index:
            print(f"The last good site is still published: {index}")
        return 1
    print(f"Site published: {index}")
    # A scheduled run may start meanwhile: read the warehouse under its lock, as the steps do.
    with warehouse_lock(settings.warehouse_path, "the scorecard summary", print):
        print(scorecard_summary(settings.warehouse_path))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="run the whole pipeline once and publish the site")
    run_parser.add_argument("--scale", type=float, default=1.0, help="demo company size when generating")
    run_parser.add_argument("--seed", type=int, default=42, help="demo company random seed")
    args = parser.parse_args(argv)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())

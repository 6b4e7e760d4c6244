"""The measured stages, each run in a process of its own by the harness (orchestration/bench/child.py):

    python -m orchestration.bench.stages STAGE PARAMS_JSON RESULT_JSON

The UPT_* variables of the environment say where the landing files, warehouse and site are. A
stage writes what it did (rows, and stage-specific figures) to RESULT_JSON; its wall time and peak
memory are taken by the parent, which waits for this process. Dagster stages execute a subset of
the `refresh_all` job in this process, on an ephemeral instance, so the project's run history is
left alone.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orchestration.quality_gate import GX_CHECK_PREFIX
from orchestration.settings import Settings, duckdb_read_url

if TYPE_CHECKING:  # dagster is imported where it runs, so the definitions stage can time its import
    import dagster as dg

DBT_OPS = ("dbt_models", "dbt_daily_facts")
INSIGHTS_GROUPS = ("intermediate_insights", "marts_insights")
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


def _definitions() -> dg.Definitions:
    from orchestration.definitions import defs

    return defs


def _groups(defs: dg.Definitions) -> dict[dg.AssetKey, str]:
    graph = defs.resolve_asset_graph()
    return {key: graph.get(key).group_name or "" for key in graph.materializable_asset_keys}


def _is_dbt(group: str) -> bool:
    return not (group.startswith("raw_") or group in ("landing", "reports"))


def _selection(defs: dg.Definitions, part: str) -> tuple[set[dg.AssetKey], set[dg.AssetCheckKey] | None]:
    """Assets and checks of one part of the pipeline (None: every check of those assets).

    The dbt build is the whole dbt project with all its dbt tests, as in `refresh_all`: a subset
    of the dbt step runs relationship tests (dbt's eager test selection) on the daily facts
    before the facts' own step has built them. The GX suites of the marts are left to the gate
    stage, as the compiled SQL it is compared with has none. The insights stage then rebuilds
    the insights models alone (with their suites).
    """
    groups = _groups(defs)
    pick: dict[str, Callable[[str], bool]] = {
        "ingest": lambda g: g.startswith("raw_"),
        "transform": _is_dbt,
        "insights": lambda g: g in INSIGHTS_GROUPS,
        "reports": lambda g: g == "reports",
        "gate": lambda g: False,
    }
    keys = {key for key, group in groups.items() if pick[part](group)}
    all_checks = defs.resolve_asset_graph().asset_check_keys
    gx_checks = {c for c in all_checks if c.name.startswith(GX_CHECK_PREFIX)}
    if part == "gate":
        return keys, gx_checks
    if part == "transform":
        return keys, {c for c in all_checks if c.asset_key in keys} - gx_checks
    if part == "insights":
        return keys, None
    return keys, set()


def _execute(
    defs: dg.Definitions,
    keys: set[dg.AssetKey] | None,
    checks: set[dg.AssetCheckKey] | None = None,
    full_refresh: bool = False,
    tags: dict[str, str] | None = None,
) -> tuple[dg.ExecuteInProcessResult, Sequence[dg.EventLogEntry]]:
    """The run's result and its event log (the log's entries carry the times)."""
    import dagster as dg

    job = defs.resolve_job_def("refresh_all")
    if keys is not None:
        job = job.get_subset(asset_selection=keys, asset_check_selection=checks)
    run_config: dict[str, Any] = dict(QUIET_RUN_CONFIG)
    if full_refresh:
        ops = {op for op in DBT_OPS if job.graph.has_node_named(op)}
        run_config["ops"] = {op: {"config": {"full_refresh": True}} for op in ops}
    instance = dg.DagsterInstance.ephemeral()
    # dbt prints its log to stdout; the parent keeps this process's output in a file.
    with contextlib.redirect_stdout(sys.stderr):
        result = job.execute_in_process(
            instance=instance, raise_on_error=False, run_config=run_config, tags=tags
        )
    return result, instance.all_logs(result.run_id)


def _metadata_value(metadata: dict[str, Any], name: str) -> int:
    value = metadata.get(name)
    return int(getattr(value, "value", value) or 0)


def _step_error(event: dg.DagsterEvent, limit: int = 600) -> str:
    """What a failed step raised (under Dagster's wrapper), on one line short enough for a note;
    dbt's own error lines come first in dagster-dbt's message."""
    error = event.step_failure_data.error if event.step_failure_data else None
    while error is not None and error.cause is not None:
        error = error.cause
    text = " ".join(line.strip() for line in (error.message if error else "").splitlines() if line.strip())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _run_figures(
    run: tuple[dg.ExecuteInProcessResult, Sequence[dg.EventLogEntry]], row_field: str = "dagster/row_count"
) -> dict[str, Any]:
    """Rows, materialisations, checks and per-step seconds of a finished run."""
    result, entries = run
    rows = materialized = 0
    checks_run = checks_passed = check_rows = 0
    gx_seconds = 0.0
    started: dict[str, float] = {}
    steps: dict[str, float] = {}
    for entry in entries:
        event = entry.dagster_event
        if event is None:
            continue
        kind = event.event_type_value
        if kind == "ASSET_MATERIALIZATION":
            materialized += 1
            rows += _metadata_value(event.event_specific_data.materialization.metadata, row_field)
        elif kind == "ASSET_CHECK_EVALUATION":
            checks_run += 1
            checks_passed += int(event.event_specific_data.passed)
            check_rows += _metadata_value(event.event_specific_data.metadata, "row_count")
            if event.event_specific_data.check_name.startswith(GX_CHECK_PREFIX):
                gx_seconds += float(
                    getattr(event.event_specific_data.metadata.get("seconds"), "value", 0) or 0
                )
        elif kind == "STEP_START":
            started[event.step_key] = entry.timestamp
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and event.step_key in started:
            steps[event.step_key] = round(entry.timestamp - started[event.step_key], 3)
    errors = {event.step_key: _step_error(event) for event in result.all_events if event.is_step_failure}
    return {
        "rows": rows,
        "success": result.success,
        "failed_steps": sorted(errors),
        "step_errors": errors,
        "materialized": materialized,
        "checks": checks_run,
        "checks_passed": checks_passed,
        "check_rows": check_rows,
        "gx_seconds": round(gx_seconds, 3),
        "step_seconds": steps,
    }


def stage_generate(params: dict[str, Any]) -> dict[str, Any]:
    from orchestration.simulator.generate import generate

    summary = generate(
        Path(params["out"]),
        seed=params["seed"],
        scale=params["scale"],
        start=date.fromisoformat(params["start"]),
        end=date.fromisoformat(params["end"]),
        truth_file=Path(params["truth_file"]),
        progress=False,
    )
    return {"rows": summary.total_rows, "files": summary.files}


def stage_definitions(params: dict[str, Any]) -> dict[str, Any]:
    """Import the code location, which builds its Definitions, as `dagster dev` does on start.

    Split into the libraries' import (dagster, dagster-dbt) and the rest: the project's modules,
    reading the dbt manifest and the contracts, and assembling the Definitions."""
    started = time.perf_counter()
    import dagster  # noqa: F401  (timed: the libraries alone)
    import dagster_dbt  # noqa: F401

    imported = time.perf_counter()
    from orchestration.definitions import defs

    graph = defs.resolve_asset_graph()
    defs.resolve_job_def("refresh_all")
    built = time.perf_counter()
    return {
        "rows": len(graph.materializable_asset_keys),
        "import_seconds": round(imported - started, 3),
        "build_seconds": round(built - imported, 3),
        "load_seconds": round(built - started, 3),
        "checks": len(graph.asset_check_keys),
    }


def stage_pipeline_part(params: dict[str, Any]) -> dict[str, Any]:
    """One part of the pipeline (ingest, transform, gate, insights, reports) through Dagster."""
    defs = _definitions()
    keys, checks = _selection(defs, params["part"])
    if params["part"] == "gate":
        # A run of checks alone: asset_selection empty, every GX suite on the built tables.
        result = _execute(defs, keys, checks)
        figures = _run_figures(result)
        figures["rows"] = figures["check_rows"]
        return figures
    if params["part"] == "ingest":
        return _run_figures(_execute(defs, keys, checks), "rows_loaded")
    figures = _run_figures(_execute(defs, keys, checks))
    if params["part"] == "reports":
        figures["rows"] = figures["materialized"]  # the page assets published
    else:
        # dbt's materialisations carry no row counts: count the tables the run built.
        figures["rows"] = _table_rows(Settings.from_env().warehouse_path, keys)
    return figures


def _table_rows(warehouse: Path, keys: set[dg.AssetKey]) -> int:
    """Rows of the base tables among `keys` (<schema>/<table>); views are not counted."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        listed = (
            "select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE'"
        )
        tables = set(con.execute(listed).fetchall())
        wanted = sorted(tables & {tuple(key.path) for key in keys if len(key.path) == 2})
        return sum(con.execute(f'select count(*) from "{s}"."{t}"').fetchone()[0] for s, t in wanted)
    finally:
        con.close()


def stage_refresh(params: dict[str, Any]) -> dict[str, Any]:
    """The whole `refresh_all` job (the daily schedule's run): incremental, or a full refresh."""
    result = _execute(_definitions(), None, full_refresh=params.get("full_refresh", False))
    return _run_figures(result, "rows_loaded")


def stage_backfill_day(params: dict[str, Any]) -> dict[str, Any]:
    """The daily-partitioned facts for one day: a one-partition backfill (one dbt run)."""
    defs = _definitions()
    graph = defs.resolve_asset_graph()
    facts = {key for key in graph.materializable_asset_keys if graph.get(key).partitions_def is not None}
    day = params["day"]
    tags = {"dagster/asset_partition_range_start": day, "dagster/asset_partition_range_end": day}
    figures = _run_figures(_execute(defs, facts, set(), tags=tags))
    figures["facts"] = len(facts)
    return figures


def stage_ingest_duckdb(params: dict[str, Any]) -> dict[str, Any]:
    from orchestration.bench.reader import read_landing_with_duckdb

    return read_landing_with_duckdb(Settings.from_env().landing_dir, Path(params["scratch"]))


def stage_transform_direct(params: dict[str, Any]) -> dict[str, Any]:
    from orchestration.bench.direct_sql import run_compiled

    return run_compiled(Path(params["manifest"]), Path(params["warehouse"]))


def stage_gate_engines(params: dict[str, Any]) -> dict[str, Any]:
    """The GX suites through SQL and through pandas on the same warehouse (quality/bench.py)."""
    from quality.bench import built_suites, pandas_sized, time_gate
    from quality.runner import validate_suite

    settings = Settings.from_env()
    url = duckdb_read_url(settings.warehouse_path, settings.duckdb_memory_limit)
    suites = built_suites(url)
    compared = pandas_sized(url, suites)
    validate_suite(suites[0], url)  # imports GX and warms up, outside the timings
    sql = time_gate(url, "sql", compared)
    pandas = time_gate(url, "pandas", compared)
    return {
        "rows": sql.rows,
        "suites": sql.suites,
        "suites_left_out": len(suites) - len(compared),
        "sql_seconds": round(sql.seconds, 3),
        "pandas_seconds": round(pandas.seconds, 3),
        "sql_failed": sql.failed,
        "pandas_failed": pandas.failed,
    }


def stage_site_build(params: dict[str, Any]) -> dict[str, Any]:
    """The site build alone, outside Dagster (reports/bench.py), into a scratch folder."""
    from reports.bench import bench

    with (
        tempfile.TemporaryDirectory(prefix="upt-bench-site-") as folder,
        contextlib.redirect_stdout(sys.stderr),
    ):
        seconds = bench(Settings.from_env().warehouse_path, Path(folder), repeat=1)
    return {"rows": 0, "build_seconds": round(seconds[0], 3)}


STAGES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "generate": stage_generate,
    "definitions": stage_definitions,
    "pipeline_part": stage_pipeline_part,
    "refresh": stage_refresh,
    "backfill_day": stage_backfill_day,
    "ingest_duckdb": stage_ingest_duckdb,
    "transform_direct": stage_transform_direct,
    "gate_engines": stage_gate_engines,
    "site_build": stage_site_build,
}


def main(argv: list[str]) -> int:
    name, params, result_path = argv[0], json.loads(argv[1]), Path(argv[2])
    warnings.filterwarnings("ignore")
    logging.getLogger("dagster").setLevel(logging.ERROR)
    result = STAGES[name](params)
    result_path.write_text(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

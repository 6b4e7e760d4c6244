"""The dbt project (seeds, models, tests) as Dagster assets and checks, in two parts:

- `dbt_models`: everything but the incremental department facts, rebuilt whole each run;
- `dbt_daily_facts`: the facts tagged `daily_partitioned` (dbt_project/macros/incremental_config.sql),
  incremental and daily-partitioned. A run for a date range passes it to dbt as the vars
  `upt_window_start`/`upt_window_end`; any other run rebuilds the last days the lookback covers.

Both run `dbt build`, take the warehouse lock (through the `warehouse` resource they require),
attach each table's row count to its materialisation, and fail without retries when dbt itself
reported a failing model or test (a retry would fail the same way).

Row counts are queried once dbt has exited: DuckDB lets no other connection in while dbt writes
(dagster-dbt's `fetch_row_counts()` would fail on the lock), so the step collects dbt's events,
counts the rows of the tables built, and then reports the events with the counts attached.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliInvocation, DbtCliResource, DbtProject, dbt_assets
from dagster_dbt.errors import DagsterDbtCliRuntimeError

from orchestration.partitions import daily_partitions, dbt_window_vars, single_run_backfill
from orchestration.resources import WarehouseResource
from orchestration.settings import DBT_TARGET_DIR, Settings
from orchestration.spark.export import around_dbt_build
from orchestration.transform.dbt_cli import LeanDbtCliResource, write_static_docs
from orchestration.transform.project import dbt_executable
from orchestration.transform.translator import UptDbtTranslator

# Where the latest build's dbt docs wait to be published with the report site.
DBT_DOCS_PATH = DBT_TARGET_DIR / "docs" / "index.html"

DAILY_FACTS_SELECT = "tag:daily_partitioned"

# A dropped connection or a busy server is worth another try; backoff gives it time to recover.
DBT_RETRY_POLICY = dg.RetryPolicy(max_retries=2, delay=15, backoff=dg.Backoff.EXPONENTIAL)


class DbtBuildConfig(dg.Config):
    """Run options of the dbt steps (launchpad or run config)."""

    full_refresh: bool = False
    """Rebuild the incremental facts from scratch instead of merging the window's rows."""


def build_dbt_assets(project: DbtProject) -> list[dg.AssetsDefinition]:
    translator = UptDbtTranslator()

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=translator,
        exclude=DAILY_FACTS_SELECT,
        name="dbt_models",
        retry_policy=DBT_RETRY_POLICY,
    )
    def _dbt_models(
        context: dg.AssetExecutionContext,
        dbt: DbtCliResource,
        warehouse: WarehouseResource,
        config: DbtBuildConfig,
    ) -> Iterator[Any]:
        invocation = yield from _dbt_build(context, dbt, warehouse, config, dbt_vars={})
        # The docs describe the whole project; a run of a few models leaves the last ones in place.
        if not context.is_subset:
            write_static_docs(invocation.target_path / "manifest.json", DBT_DOCS_PATH)

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=translator,
        select=DAILY_FACTS_SELECT,
        name="dbt_daily_facts",
        partitions_def=daily_partitions,
        backfill_policy=single_run_backfill,
        retry_policy=DBT_RETRY_POLICY,
    )
    def _dbt_daily_facts(
        context: dg.AssetExecutionContext,
        dbt: DbtCliResource,
        warehouse: WarehouseResource,
        config: DbtBuildConfig,
    ) -> Iterator[Any]:
        yield from _dbt_build(context, dbt, warehouse, config, dbt_vars=dbt_window_vars(context))

    return [_dbt_models, _dbt_daily_facts]


def _dbt_build(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    warehouse: WarehouseResource,
    config: DbtBuildConfig,
    dbt_vars: dict[str, str],
) -> Iterator[Any]:
    """`dbt build` of the step's selection; returns the finished invocation."""
    settings = Settings.from_env()
    settings.export_for_dbt()
    args = ["build"]
    if dbt_vars:
        context.log.info(f"dbt window: {dbt_vars['upt_window_start']} to {dbt_vars['upt_window_end']}")
        args += ["--vars", json.dumps(dbt_vars)]
    if config.full_refresh:
        args.append("--full-refresh")
    with around_dbt_build(settings):
        invocation = dbt.cli(args, context=context, target_path=dbt_target_dir(settings))
        events: list[Any] = []
        error: DagsterDbtCliRuntimeError | None = None
        try:
            events.extend(invocation.stream())
        except DagsterDbtCliRuntimeError as exc:
            error = exc
    # What dbt built is reported even when a later node failed.
    yield from _with_row_counts(events, invocation, warehouse, context)
    if error is not None:
        failed = _failed_nodes(invocation)
        if failed:
            raise dg.Failure(
                description="dbt reported failures: " + "; ".join(failed), allow_retries=False
            ) from error
        raise error
    return invocation


def dbt_target_dir(settings: Settings) -> Path:
    """dbt's target folder for the builds of one warehouse, beside it.

    dbt re-parses the whole project (seconds of CPU) whenever its saved parse state came from
    another profile, and the warehouse path is part of the profile. One folder per warehouse
    keeps that state matching from one build to the next; runs on one warehouse take turns (the
    warehouse lock), so they never share the folder at the same time."""
    return settings.warehouse_path.parent / f"dbt-target-{settings.dbt_target}"


def _with_row_counts(
    events: list[Any],
    invocation: DbtCliInvocation,
    warehouse: WarehouseResource,
    context: dg.AssetExecutionContext,
) -> Iterator[Any]:
    """dbt's events, each materialisation of a table carrying its `dagster/row_count`."""
    nodes = invocation.manifest["nodes"]
    relations = {}
    for event in events:
        if isinstance(event, (dg.Output, dg.AssetMaterialization)):
            unique_id = event.metadata.get("unique_id")
            node = nodes.get(getattr(unique_id, "value", unique_id), {})
            if node.get("relation_name") and node.get("config", {}).get("materialized") != "view":
                relations[id(event)] = node["relation_name"]
    counts = _count_rows(warehouse, set(relations.values()), context) if relations else {}
    for event in events:
        count = counts.get(relations.get(id(event), ""))
        yield event if count is None else event.with_metadata({**event.metadata, "dagster/row_count": count})


def _count_rows(
    warehouse: WarehouseResource, relations: set[str], context: dg.AssetExecutionContext
) -> dict[str, int]:
    if warehouse.is_spark:
        return {}  # the tables live in Spark; the DuckDB mirror is written after this step
    counts = {}
    with warehouse.connect(read_only=True) as con:
        cursor = con.cursor()
        for relation in sorted(relations):
            try:
                cursor.execute(f"select count(*) from {relation}")
                counts[relation] = int(cursor.fetchone()[0])
            except Exception as exc:  # a count is a nicety: never fail the build over it
                context.log.warning(f"No row count for {relation}: {exc}")
                if warehouse.is_postgres:
                    con.rollback()
    return counts


def _failed_nodes(invocation: DbtCliInvocation) -> list[str]:
    """The models and tests dbt itself reported as failed, with dbt's message: empty when dbt
    stopped before running anything (a lost connection), which is worth retrying."""
    try:
        results = invocation.get_artifact("run_results.json")["results"]
    except (FileNotFoundError, KeyError, json.JSONDecodeError):
        return []
    return [
        f"{result['unique_id']}: {(result.get('message') or result['status']).strip()}"
        for result in results
        if result.get("status") in ("error", "fail", "runtime error")
    ]


def build_dbt_resource(project: DbtProject) -> DbtCliResource:
    return LeanDbtCliResource(
        project_dir=project,
        dbt_executable=dbt_executable(),
        target=Settings.from_env().dbt_target,
    )

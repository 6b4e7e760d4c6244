"""The code location loads, and its asset graph joins up from landing files to report pages."""

from __future__ import annotations

import dagster as dg
import pytest

from orchestration.definitions import build_definitions
from tests.orchestration.helpers import FACTS


@pytest.fixture(scope="module")
def defs() -> dg.Definitions:
    return build_definitions()


@pytest.fixture(scope="module")
def asset_graph(defs: dg.Definitions) -> dg.AssetGraph:  # type: ignore[name-defined]
    return defs.resolve_asset_graph()


def _key(path: str) -> dg.AssetKey:
    return dg.AssetKey(path.split("/"))


@pytest.mark.parametrize(
    ("upstream", "downstream"),
    [
        ("landing/oms", "raw/oms/orders"),
        ("raw/oms/orders", "staging/stg_oms__orders"),
        ("staging/stg_oms__orders", "intermediate/int_orders_converted_to_usd"),
        ("intermediate/int_orders_converted_to_usd", "sales/fct_orders"),
        ("intermediate/int_kpi_actuals", "intermediate/int_kpi_values_compared"),
        ("intermediate/int_kpi_values_compared", "scorecard/fct_kpi_values"),
        ("scorecard/fct_kpi_values", "scorecard/fct_scorecard"),
        ("reference/kpi_targets", "intermediate/int_kpi_targets_daily"),
        ("scorecard/fct_kpi_values", "reports/index"),
        ("core/dim_kpi", "reports/index"),
    ],
)
def test_edge_exists(asset_graph, upstream: str, downstream: str) -> None:
    assert _key(upstream) in asset_graph.get(_key(downstream)).parent_keys


def test_landing_reaches_the_report_page(asset_graph) -> None:
    ancestors = asset_graph.upstream_key_iterator(_key("reports/index"))
    assert _key("landing/oms") in set(ancestors)


def test_groups_follow_layers(asset_graph) -> None:
    groups = {
        key.to_user_string(): asset_graph.get(key).group_name for key in asset_graph.get_all_asset_keys()
    }
    assert groups["raw/oms/orders"] == "raw_oms"
    assert groups["staging/stg_oms__orders"] == "staging_oms"
    assert groups["scorecard/fct_kpi_values"] == "marts_scorecard"
    assert groups["reports/index"] == "reports"


def test_raw_tables_have_blocking_gx_checks(defs: dg.Definitions) -> None:
    checks = {
        spec.key.name: spec for checks_def in defs.asset_checks or [] for spec in checks_def.check_specs
    }
    assert "gx_raw_oms__orders" in checks
    assert checks["gx_raw_oms__orders"].asset_key == _key("raw/oms/orders")
    assert checks["gx_raw_oms__orders"].blocking


def test_refresh_job_covers_every_materialisable_asset(defs: dg.Definitions, asset_graph) -> None:
    job = defs.resolve_job_def("refresh_all")
    in_job = set(job.asset_layer.executable_asset_keys)
    keys = asset_graph.get_all_asset_keys()
    assert in_job == {key for key in keys if asset_graph.get(key).is_materializable}


def test_publication_job_rebuilds_the_report_pages_only(defs: dg.Definitions, asset_graph) -> None:
    job = defs.resolve_job_def("publish_reports")
    in_job = set(job.asset_layer.executable_asset_keys)
    pages = {key for key in asset_graph.get_all_asset_keys() if key.path[0] == "reports"}
    assert in_job == pages


def test_incremental_facts_have_daily_partitions_backfilled_in_one_run(asset_graph) -> None:
    keys = asset_graph.get_all_asset_keys()
    partitioned = {key.to_user_string() for key in keys if asset_graph.get(key).partitions_def}
    assert partitioned == set(FACTS)
    node = asset_graph.get(_key("sales/fct_orders"))
    assert isinstance(node.partitions_def, dg.DailyPartitionsDefinition)
    assert node.backfill_policy == dg.BackfillPolicy.single_run()


def test_dbt_assets_carry_owner_kinds_and_description_from_dbt(asset_graph) -> None:
    facts = asset_graph.get(_key("sales/fct_orders"))
    assert facts.owners == ["team:sales"]
    assert {"dbt", "duckdb", "table"} <= set(facts.kinds)
    assert "One row per order" in facts.description
    staging = asset_graph.get(_key("staging/stg_crm__accounts"))
    assert staging.owners == ["team:analytics_engineering"]
    assert "view" in staging.kinds
    # The staging models many tests read are tables (their config), and Dagster says so.
    assert "table" in asset_graph.get(_key("staging/stg_oms__orders")).kinds


def test_steps_that_can_hit_transient_errors_retry_with_backoff(defs: dg.Definitions, asset_graph) -> None:
    dbt = asset_graph.get(_key("scorecard/fct_kpi_values")).assets_def
    assert dbt.op.retry_policy.max_retries >= 1
    assert dbt.op.retry_policy.backoff == dg.Backoff.EXPONENTIAL
    raw = asset_graph.get(_key("raw/oms/orders")).assets_def
    assert raw.op.retry_policy.max_retries >= 1


def test_schedules_and_sensors(defs: dg.Definitions) -> None:
    schedules = {s.name: (s.cron_schedule, s.job_name) for s in defs.schedules}
    assert schedules == {
        "daily_refresh": ("0 5 * * *", "refresh_all"),
        "weekly_report_publication": ("0 6 * * 1", "publish_reports"),
        "monthly_report_publication": ("0 6 1 * *", "publish_reports"),
    }
    sensors = {s.name: s for s in defs.sensors}
    assert set(sensors) == {"landing_files", "alert_on_run_failure"}
    assert sensors["landing_files"].job_name == "refresh_all"
    assert sensors["alert_on_run_failure"].default_status == dg.DefaultSensorStatus.RUNNING

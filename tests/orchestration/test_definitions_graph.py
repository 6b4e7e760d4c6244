"""The code location loads, and its asset graph joins up from landing files to report pages."""

from __future__ import annotations

import dagster as dg
import pytest

from orchestration.definitions import build_definitions


@pytest.fixture(scope="module")
def asset_graph() -> dg.AssetGraph:  # type: ignore[name-defined]
    return build_definitions().resolve_asset_graph()


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


def test_raw_tables_have_blocking_gx_checks() -> None:
    defs = build_definitions()
    checks = {
        spec.key.name: spec for checks_def in defs.asset_checks or [] for spec in checks_def.check_specs
    }
    assert "gx_raw_oms__orders" in checks
    assert checks["gx_raw_oms__orders"].asset_key == _key("raw/oms/orders")
    assert checks["gx_raw_oms__orders"].blocking


def test_refresh_job_covers_every_materialisable_asset() -> None:
    defs = build_definitions()
    job = defs.resolve_job_def("refresh_all")
    assert job is not None

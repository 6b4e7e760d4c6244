"""The generator as a whole: determinism, CLI, scenarios on and off, scaling, and keys that
join across systems."""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from orchestration.simulator import DEFAULT_SCENARIOS, GenerationSummary, generate
from orchestration.simulator.cli import main
from tests.simulator.reading import SMALL, landing_files, read

DEPARTMENTS = {"sales", "marketing", "operations", "finance", "customer_service", "people"}


def _digests(landing: Path) -> dict[str, str]:
    files = landing_files(landing)
    return {str(p.relative_to(landing)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_same_arguments_give_byte_identical_files(small_run: GenerationSummary, tmp_path: Path) -> None:
    again = generate(tmp_path / "landing", progress=False, **SMALL)
    assert _digests(again.out_dir) == _digests(small_run.out_dir)
    assert again.truth_file.read_bytes() == small_run.truth_file.read_bytes()
    assert again.rows == small_run.rows


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    a = generate(tmp_path / "a" / "landing", progress=False, **{**SMALL, "end": date(2025, 6, 10), "seed": 1})
    b = generate(tmp_path / "b" / "landing", progress=False, **{**SMALL, "end": date(2025, 6, 10), "seed": 2})
    orders_a = (a.out_dir / "oms/orders/orders_20250605.csv").read_bytes()
    assert orders_a != (b.out_dir / "oms/orders/orders_20250605.csv").read_bytes()


def test_default_scenarios_are_recorded_outside_the_landing_folder(small_run: GenerationSummary) -> None:
    assert small_run.truth_file == small_run.out_dir.parent / "simulator" / "ground_truth.json"
    truth = json.loads(small_run.truth_file.read_text())
    assert [s["name"] for s in truth["scenarios"]] == list(DEFAULT_SCENARIOS)
    for scenario in truth["scenarios"]:
        assert SMALL["start"].isoformat() <= scenario["start_date"] <= scenario["end_date"]
        assert scenario["end_date"] <= SMALL["end"].isoformat()
        assert scenario["effects"] and scenario["cause_chain"] and scenario["scope"]
        for effect in scenario["effects"]:
            assert effect["direction"] in ("up", "down") and effect["lag_days"] >= 0
            assert (effect["expected_relative_change"] > 0) == (effect["direction"] == "up")
    assert truth["experiments"] and truth["reporting_currency"] == "USD"


def test_cli_with_scenario_none_plants_nothing(tmp_path: Path) -> None:
    out = tmp_path / "landing"
    truth_file = tmp_path / "truth.json"
    period = ["--start", "2025-03-01", "--end", "2025-03-20"]
    options = ["--seed", "3", "--scale", "0.02", "--scenario", "none", "--quiet"]
    assert main([*period, *options, "--out", str(out), "--truth-file", str(truth_file)]) == 0
    assert json.loads(truth_file.read_text())["scenarios"] == []
    assert (out / "oms" / "orders" / "orders_20250320.csv").exists()


def test_cli_rejects_an_unknown_scenario(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path), "--scenario", "meteor_strike", "--quiet"])


def test_scale_scales_the_volumes(small_run: GenerationSummary, tmp_path: Path) -> None:
    double = generate(tmp_path / "landing", progress=False, **{**SMALL, "scale": 2 * SMALL["scale"]})
    for key in ("web.sessions", "oms.orders", "oms.order_lines", "erp.shipments", "marketing.ad_spend"):
        ratio = double.rows[key] / small_run.rows[key]
        expected = 1.0 if key == "marketing.ad_spend" else 2.0  # a row per campaign and day
        assert 0.85 * expected < ratio < 1.15 * expected, (key, ratio)
    # At this tiny size minimum team sizes dominate staffing, and with it late parcels and tickets.
    for key in ("helpdesk.tickets", "crm.accounts"):
        assert double.rows[key] > 1.3 * small_run.rows[key], key
    assert double.rows["hris.employees"] >= small_run.rows["hris.employees"]
    assert double.rows["erp.inventory_snapshots"] == small_run.rows["erp.inventory_snapshots"]  # per product


def test_order_totals_add_up_from_their_lines(small_run: GenerationSummary) -> None:
    # Orders of the last days may still miss a line that arrives late, after the exported period.
    orders = read(small_run.out_dir, "oms.orders", "distinct order_id, order_total, ordered_at", text=True)
    orders = orders[orders.ordered_at < (SMALL["end"] - timedelta(days=5)).isoformat()]
    lines = read(small_run.out_dir, "oms.order_lines", "distinct order_id, line_number, line_amount")
    totals = lines.groupby("order_id").line_amount.sum().astype(float).round(2)
    joined = orders.set_index("order_id").order_total.astype(float).to_frame().join(totals, how="inner")
    assert len(joined) > 0.9 * len(orders)
    assert (joined.order_total - joined.line_amount).abs().max() < 0.005


def test_keys_join_across_systems(small_run: GenerationSummary) -> None:
    landing = small_run.out_dir
    orders = read(landing, "oms.orders", "order_id, customer_id, channel, store_id")
    accounts = set(read(landing, "crm.accounts", "account_id").account_id)
    assert set(orders[orders.channel == "b2b"].customer_id) <= accounts
    assert set(orders.store_id) <= set(read(landing, "oms.stores", "store_id").store_id)
    order_ids = set(orders.order_id)
    assert set(read(landing, "erp.shipments", "order_id").order_id) <= order_ids
    sessions = read(landing, "web.sessions", "order_id, campaign_id")
    assert set(sessions.order_id.dropna()) <= order_ids
    campaigns = set(read(landing, "marketing.campaigns", "campaign_id").campaign_id)
    assert set(sessions.campaign_id.dropna()) <= campaigns
    employees = set(read(landing, "hris.employees", "employee_id").employee_id)
    owners = read(landing, "crm.opportunities", "owner.id as owner_id").owner_id
    assert set(owners) <= employees
    agents = read(landing, "helpdesk.tickets", "agent.id as agent_id").agent_id.dropna()
    assert set(agents) <= employees
    warehouses = set(read(landing, "erp.warehouses", "warehouse_id").warehouse_id)
    units = read(landing, "hris.org_units", "org_unit, department")
    assert warehouses == set(units[units.department == "operations"].org_unit)
    assert set(units.department) == DEPARTMENTS


def test_journal_entries_balance(small_run: GenerationSummary) -> None:
    lines = read(small_run.out_dir, "ledger.journal_entries", "entry_id, debit, credit, account_code")
    sums = lines.groupby("entry_id")[["debit", "credit"]].sum()
    assert (sums.debit == sums.credit).all()
    chart = set(read(small_run.out_dir, "ledger.chart_of_accounts", "account_code").account_code)
    assert set(lines.account_code) <= chart
    budget = read(small_run.out_dir, "ledger.budget", "budget_month, account_code, amount")
    assert set(budget.account_code) <= chart and (budget.amount.astype(float) > 0).all()
    assert set(pd.to_datetime(budget.budget_month).dt.day) == {1}

"""The causal links hold in the exports, and each planted scenario moves its KPIs in its window
and unit while the rest of the company carries on. Everything is recomputed from the landing
files with pandas, not from simulator internals."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from orchestration.simulator import GenerationSummary
from tests.simulator.reading import read, read_current

DAY = pd.Timedelta(days=1)


def _window(run: GenerationSummary, name: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    scenario = next(s for s in json.loads(run.truth_file.read_text())["scenarios"] if s["name"] == name)
    return pd.Timestamp(scenario["start_date"]), pd.Timestamp(scenario["end_date"])


def _file_day(filename: pd.Series) -> pd.Series:
    return pd.to_datetime(filename.str.extract(r"_(\d{8})\.")[0], format="%Y%m%d")


def _utc(values: pd.Series) -> pd.Series:
    """Naive instants (DuckDB turns JSON timestamps with offsets into UTC) or aware ones, as naive UTC."""
    values = pd.to_datetime(values, utc=True)
    return values.dt.tz_localize(None)


@pytest.fixture(scope="module")
def sessions(medium_run: GenerationSummary) -> pd.DataFrame:
    rows = read(medium_run.out_dir, "web.sessions", "filename, region_code, channel, purchased")
    return rows.assign(day=_file_day(rows.filename))  # files hold the sessions of one local day


@pytest.fixture(scope="module")
def shipments(medium_run: GenerationSummary) -> pd.DataFrame:
    landing = medium_run.out_dir
    orders = read(
        landing,
        "oms.orders",
        "distinct order_id, customer_id, channel, ordered_at::timestamptz as placed,"
        " substr(ordered_at, 1, 10)::date as order_day",  # the store's local day
        text=True,
    ).drop_duplicates("order_id")
    versions = read(
        landing, "erp.shipments", "shipment_id, order_id, warehouse_id, promised_at, shipped_at, delivered_at"
    )
    latest = versions.sort_values("delivered_at", na_position="first").groupby("shipment_id").last()
    rows = latest.merge(orders, on="order_id")
    return rows.assign(
        order_day=pd.to_datetime(rows.order_day),
        fulfilment_hours=(rows.shipped_at - rows.placed).dt.total_seconds() / 3600,
        on_time=rows.delivered_at <= rows.promised_at,
    )


@pytest.fixture(scope="module")
def tickets(medium_run: GenerationSummary) -> pd.DataFrame:
    rows = read_current(medium_run.out_dir, "helpdesk.tickets").sort_values("updated_at")
    latest = rows.groupby("ticket_id").last()
    created, resolved = _utc(latest.created_at), _utc(latest.resolved_at)
    return latest.assign(created=created, resolution_hours=(resolved - created).dt.total_seconds() / 3600)


@pytest.fixture(scope="module")
def csat(medium_run: GenerationSummary, tickets: pd.DataFrame) -> pd.DataFrame:
    rows = read(medium_run.out_dir, "helpdesk.csat_responses", "ticket_id, responded_at, score")
    rows = rows.merge(tickets[["region_code", "team"]], left_on="ticket_id", right_index=True)
    return rows.assign(responded=_utc(rows.responded_at), satisfied=rows.score >= 4)


def test_spend_drives_sessions(medium_run: GenerationSummary, sessions: pd.DataFrame) -> None:
    spend = read_current(medium_run.out_dir, "marketing.ad_spend").drop_duplicates(
        ["spend_date", "campaign_id"]
    )
    daily_spend = spend.groupby([pd.to_datetime(spend.spend_date), "region_code", "channel"]).spend.sum()
    daily_sessions = sessions.groupby(["day", "region_code", "channel"]).size()
    both = pd.concat(
        [daily_spend.astype(float).rename("spend"), daily_sessions.rename("sessions")], axis=1
    ).dropna()
    corr = both.groupby(level=["region_code", "channel"]).apply(lambda g: g.spend.corr(g.sessions))
    assert len(corr) == 25  # every paid channel in every region
    assert (corr > 0).all() and corr.median() > 0.25
    assert (corr.xs("display", level="channel") > 0.5).all()  # display runs in on/off flights


def test_sessions_drive_online_orders(medium_run: GenerationSummary, sessions: pd.DataFrame) -> None:
    site_change, _ = _window(medium_run, "site_change_conversion_drop")
    usual = sessions[sessions.day < site_change]
    week = usual.day.dt.to_period("W")
    weekly = usual.groupby([week, "region_code"]).agg(
        sessions=("purchased", "size"), orders=("purchased", "sum")
    )
    corr = weekly.groupby(level="region_code").apply(lambda g: g.sessions.corr(g.orders))
    assert (corr > 0.5).all()
    orders = read(medium_run.out_dir, "oms.orders", "distinct order_id, channel").query("channel == 'online'")
    assert abs(len(orders) - sessions.purchased.sum()) < 0.01 * len(orders)


def test_late_deliveries_lower_repeat_purchases(shipments: pd.DataFrame) -> None:
    online = shipments[shipments.channel == "online"].sort_values("placed")
    first = online.groupby("customer_id").head(1)
    first = first[first.placed < online.placed.max() - 60 * DAY]
    again = online.groupby("customer_id").size() > 1
    repeat = first.assign(again=first.customer_id.map(again)).groupby("on_time").again.mean()
    assert repeat[True] > 1.5 * repeat[False]


def test_late_deliveries_lower_csat(
    csat: pd.DataFrame, tickets: pd.DataFrame, shipments: pd.DataFrame
) -> None:
    late_orders = set(shipments.order_id[~shipments.on_time & shipments.delivered_at.notna()])
    rated = csat.merge(tickets[["order_id", "category"]], left_on="ticket_id", right_index=True)
    delivery = rated[rated.category == "delivery"]
    late = delivery.order_id.isin(late_orders)
    assert delivery[late].satisfied.mean() < delivery[~late].satisfied.mean() - 0.1


def test_site_change_cuts_conversion_in_its_region_only(
    medium_run: GenerationSummary, sessions: pd.DataFrame
) -> None:
    start, end = _window(medium_run, "site_change_conversion_drop")
    eu_s = sessions.region_code == "EU-S"

    def change(rows: pd.DataFrame) -> float:
        before = rows[rows.day.between(start - 28 * DAY, start - DAY)].purchased.mean()
        return rows[rows.day.between(start, end)].purchased.mean() / before - 1

    assert change(sessions[eu_s]) < -0.2
    assert abs(change(sessions[~eu_s])) < 0.1


def test_warehouse_slowdown_delays_parcels_then_csat(
    medium_run: GenerationSummary, shipments: pd.DataFrame, csat: pd.DataFrame
) -> None:
    start, end = _window(medium_run, "warehouse_slowdown")
    employees = read(medium_run.out_dir, "hris.employees", "snapshot_date, org_unit, exit_date")
    headcount = employees[employees.exit_date.isna() & (employees.org_unit == "WH-NAW-1")]
    monthly = headcount.groupby(pd.to_datetime(headcount.snapshot_date)).size()
    assert monthly[monthly.index >= start].iloc[0] < monthly[monthly.index < start].iloc[-1]

    def by_warehouse(first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
        rows = shipments[shipments.order_day.between(first, last)]
        return rows.groupby("warehouse_id").agg(
            hours=("fulfilment_hours", "median"), on_time=("on_time", "mean")
        )

    before = by_warehouse(start - 28 * DAY, start - DAY)
    during = by_warehouse(start + (end - start) / 2, end)  # once the backlog has built up
    ratio = during.hours / before.hours
    assert ratio["WH-NAW-1"] > 1.8 and ratio.drop("WH-NAW-1").median() < 1.2
    assert during.on_time["WH-NAW-1"] < before.on_time["WH-NAW-1"] - 0.1

    # Late parcels turn into tickets and low ratings about two weeks later.
    lag = 14 * DAY
    na_w = csat[csat.region_code == "NA-W"]
    after = na_w[na_w.responded.between(start + lag, end + lag)].satisfied.mean()
    earlier = na_w[na_w.responded.between(start - 42 * DAY, start - DAY)].satisfied.mean()
    assert after < earlier - 0.05


def test_training_cut_slows_resolution_then_csat(
    medium_run: GenerationSummary, tickets: pd.DataFrame, csat: pd.DataFrame
) -> None:
    start, end = _window(medium_run, "training_cut")
    landing = medium_run.out_dir
    staff = read(landing, "hris.employees", "distinct employee_id, org_unit")
    training = read(
        landing, "hris.training_completions", "distinct completion_id, employee_id, completed_on, hours"
    )
    training = training.merge(staff, on="employee_id")
    day = pd.to_datetime(training.completed_on)
    cs = training[training.org_unit.str.startswith("CS-")]
    per_day = lambda rows, days: rows.groupby("org_unit").hours.sum() / days  # noqa: E731
    span = (end - start).days + 1
    during = per_day(cs[day.loc[cs.index].between(start, end)], span)
    after_cut = per_day(cs[day.loc[cs.index] > end], (medium_run.end - end.date()).days)
    assert during.get("CS-EMEA", 0.0) < 0.3 * after_cut["CS-EMEA"]

    # Skills fade with a lag: compare tickets from five weeks into the cut with those before it.
    def change(rows: pd.DataFrame) -> float:
        late = rows[rows.created.between(start + 35 * DAY, end + 14 * DAY)].resolution_hours.median()
        return late / rows[rows.created < start].resolution_hours.median() - 1

    # CS-AMER also gets the late-parcel tickets of the warehouse slowdown; CS-APAC has no scenario.
    emea = change(tickets[tickets.team == "CS-EMEA"])
    assert emea > 0.2 and emea > change(tickets[tickets.team == "CS-APAC"]) + 0.1
    rated = csat[csat.team == "CS-EMEA"]
    assert rated[rated.responded.between(start + 40 * DAY, end + 20 * DAY)].satisfied.mean() < (
        rated[rated.responded < start + 20 * DAY].satisfied.mean()
    )


def test_budget_cut_lowers_paid_search_in_its_region(
    medium_run: GenerationSummary, sessions: pd.DataFrame
) -> None:
    start, end = _window(medium_run, "marketing_budget_cut")
    spend = read_current(medium_run.out_dir, "marketing.ad_spend").drop_duplicates(
        ["spend_date", "campaign_id"]
    )
    search = spend[(spend.region_code == "NA-E") & (spend.channel == "paid_search")]
    day = pd.to_datetime(search.spend_date)
    assert search[day.between(start, end)].spend.astype(float).mean() < 0.5 * (
        search[day.between(start - 28 * DAY, start - DAY)].spend.astype(float).mean()
    )
    paid = sessions[sessions.channel == "paid_search"]
    daily = paid.groupby(["region_code", "day"]).size()
    during = daily[daily.index.get_level_values("day") >= start].groupby(level="region_code").mean()
    before = daily[
        daily.index.get_level_values("day").to_series().between(start - 28 * DAY, start - DAY).values
    ]
    change = during / before.groupby(level="region_code").mean() - 1
    assert change["NA-E"] < -0.4 and change.drop("NA-E").min() > -0.2


def test_truth_file_names_what_the_tests_found(medium_run: GenerationSummary) -> None:
    truth = json.loads(Path(medium_run.truth_file).read_text())
    kpis = {s["name"]: {e["kpi"] for e in s["effects"]} for s in truth["scenarios"]}
    assert {"conversion_rate", "orders"} <= kpis["site_change_conversion_drop"]
    assert {"fulfilment_time", "on_time_delivery_rate", "csat", "headcount"} <= kpis["warehouse_slowdown"]
    assert {"training_hours_per_employee", "resolution_time", "csat"} <= kpis["training_cut"]
    assert {"marketing_spend", "sessions"} <= kpis["marketing_budget_cut"]

"""Every kind of export mess the README documents is present, even in a short, small run."""

from __future__ import annotations

import pandas as pd

from orchestration.simulator import GenerationSummary
from tests.simulator.reading import read, table_files


def _file_date(filename: pd.Series) -> pd.Series:
    return pd.to_datetime(filename.str.extract(r"_(\d{8})\.")[0], format="%Y%m%d").dt.date


def test_local_times_carry_each_regions_offset(small_run: GenerationSummary) -> None:
    orders = read(small_run.out_dir, "oms.orders", "region_code, ordered_at", text=True)
    offsets = orders.assign(offset=orders.ordered_at.str[-6:]).groupby("region_code").offset.unique()
    # June and July: daylight saving time in the northern regions, none in Japan.
    expected = {"NA-E": "-04:00", "NA-W": "-07:00", "EU-N": "+01:00", "EU-S": "+02:00", "APAC": "+09:00"}
    assert offsets.map(list).to_dict() == {region: [offset] for region, offset in expected.items()}


def test_orders_come_in_several_currencies_with_daily_fx(small_run: GenerationSummary) -> None:
    orders = read(small_run.out_dir, "oms.orders", "distinct currency")
    assert set(orders.currency) == {"USD", "EUR", "GBP", "JPY"}
    fx = read(small_run.out_dir, "oms.fx_rates", "rate_date, currency")
    assert (fx.groupby("rate_date").currency.nunique() == 4).all()
    assert fx.rate_date.nunique() == (small_run.end - small_run.start).days + 1


def test_some_rows_arrive_late_in_a_later_days_file(small_run: GenerationSummary) -> None:
    placed = read(
        small_run.out_dir,
        "oms.orders",
        "filename, substr(ordered_at, 1, 10) as local_day, status",
        text=True,
    ).query("status == 'placed'")
    late = _file_date(placed.filename) > pd.to_datetime(placed.local_day).dt.date
    assert 0 < late.sum() < 0.05 * len(placed)


def test_reexports_repeat_rows_in_later_files(small_run: GenerationSummary) -> None:
    for key in ("oms.orders", "erp.shipments", "web.sessions"):
        rows = read(small_run.out_dir, key).drop(columns="filename")
        repeated = rows.astype(str).duplicated().sum()
        assert 0 < repeated < 0.02 * len(rows), key


def test_updated_records_are_sent_again(small_run: GenerationSummary) -> None:
    orders = read(small_run.out_dir, "oms.orders", "order_id, status, updated_at")
    statuses = orders.drop_duplicates().groupby("order_id").status.agg(set)
    assert (statuses.map(lambda s: {"placed", "shipped", "delivered"} <= s)).any()
    opportunities = read(small_run.out_dir, "crm.opportunities", "opportunity_id, stage, updated_at")
    versions = (
        opportunities.drop_duplicates()
        .groupby("opportunity_id")
        .agg(versions=("updated_at", "nunique"), stages=("stage", "nunique"))
    )
    assert ((versions.versions > 1) & (versions.stages > 1)).any()
    tickets = read(small_run.out_dir, "helpdesk.tickets", "ticket_id, status")
    assert (tickets.groupby("ticket_id").status.agg(set).map(lambda s: {"new", "open", "solved"} <= s)).any()


def test_deletions_are_soft(small_run: GenerationSummary) -> None:
    for key in ("crm.accounts", "crm.contacts"):
        rows = read(small_run.out_dir, key, "is_deleted, deleted_at")
        assert rows.is_deleted.any(), key
        assert rows.deleted_at.notna().eq(rows.is_deleted).all(), key
    tickets = read(small_run.out_dir, "helpdesk.tickets", "ticket_id, is_deleted")
    deleted = set(tickets.ticket_id[tickets.is_deleted])
    assert deleted and len(tickets[tickets.ticket_id.isin(deleted)]) > len(deleted)  # created, then deleted


def test_renamed_columns_switch_at_the_cutover(small_run: GenerationSummary) -> None:
    for key, old, new in (
        ("marketing.ad_spend", "cost", "spend"),
        ("helpdesk.tickets", "first_reply_at", "first_response_at"),
    ):
        for path in table_files(small_run.out_dir, key):
            header = path.read_text()[:3000]
            before = path.name.split("_")[-1][:8] < "20250701"
            assert (f'"{old}"' in header) == before and (f'"{new}"' in header) != before, path


def test_optional_values_are_null_where_systems_allow(small_run: GenerationSummary) -> None:
    assert read(small_run.out_dir, "erp.shipments", "delivered_at").delivered_at.isna().any()
    assert read(small_run.out_dir, "crm.contacts", "phone").phone.isna().any()
    assert read(small_run.out_dir, "hris.employees", "exit_date").exit_date.isna().any()
    tickets = read(small_run.out_dir, "helpdesk.tickets", "status, agent, resolved_at")
    assert tickets[tickets.status == "new"].agent.isna().all()
    assert tickets.resolved_at.isna().any()

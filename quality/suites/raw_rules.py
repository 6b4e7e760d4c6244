"""What each raw table's values must look like, beyond what its landing contract already says.

The contract (orchestration/ingest/contracts) gives the columns, their types, the key and which
columns may be null; these rules add the business ranges and sets, the event dates, the tables
whose files have a steady size, and how fresh a table should be. Code sets come from the
reference seeds, so a new region or currency is added in one place.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"

DAILY = timedelta(days=3)
MONTHLY = timedelta(days=40)


@cache
def _seed_column(seed: str, column: str) -> tuple[str, ...]:
    with (SEEDS_DIR / f"{seed}.csv").open(newline="") as handle:
        return tuple(sorted({row[column] for row in csv.DictReader(handle)}))


def regions() -> tuple[str, ...]:
    return _seed_column("regions", "region_code")


def currencies() -> tuple[str, ...]:
    return _seed_column("regions", "currency_code")


SALES_CHANNELS = ("b2b", "online", "retail")
PAID_CHANNELS = ("affiliate", "display", "email", "paid_search", "paid_social")
STAGES = ("closed_lost", "closed_won", "negotiation", "proposal", "prospecting", "qualification")
DEPARTMENTS = ("customer_service", "finance", "marketing", "operations", "people", "sales")


@dataclass(frozen=True)
class RawRules:
    non_negative: tuple[str, ...] = ()
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    allowed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Columns of business events: they may not predate the company's data or lie in the future.
    # The table's loaded-at column is always one.
    events: tuple[str, ...] = ()
    # Files of the table are of a steady size (daily activity, monthly snapshots): a collapse
    # means a broken export, not a quiet day. Not for tickets: an incident or a quiet holiday
    # moves their daily count a lot.
    steady_volume: bool = False
    # How old the newest row may be before the table counts as stale (a warning); None for
    # reference lists, and for the CRM's change feeds, which carry a record only when someone
    # edits it, so their newest row can be weeks old in a healthy export.
    max_lag: timedelta | None = None
    # Monthly files can carry an unchanged re-send of a row; the key must still be unique
    # among the file's distinct rows.
    resends_within_file: bool = False


def _codes(**columns: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return dict(columns)


def rules_for(raw_table: str) -> RawRules:
    """The rules of one raw table (`<system>__<table>`); tables without extra rules get none."""
    region, currency = regions(), currencies()
    rules = {
        "crm__accounts": RawRules(
            allowed=_codes(region_code=region, currency=currency, segment=("enterprise", "mid_market", "smb"))
        ),
        "crm__opportunities": RawRules(
            non_negative=("amount",),
            ranges={"probability": (0, 100)},
            allowed=_codes(
                currency=currency,
                opportunity_type=("expansion", "new_business", "renewal"),
                stage=(
                    "closed_lost",
                    "closed_won",
                    "negotiation",
                    "proposal",
                    "prospecting",
                    "qualification",
                ),
            ),
        ),
        "crm__opportunity_stage_history": RawRules(
            non_negative=("amount",), ranges={"probability": (0, 100)}
        ),
        "erp__shipments": RawRules(
            allowed=_codes(
                service_level=("express", "freight", "standard"), status=("delivered", "in_transit")
            ),
            events=("shipped_at",),
            max_lag=DAILY,
        ),
        "erp__inventory_snapshots": RawRules(
            non_negative=(
                "on_hand_units",
                "backordered_units",
                "on_order_units",
                "reorder_point_units",
                "unit_cost_usd",
            ),
            steady_volume=True,
            max_lag=MONTHLY,
        ),
        "helpdesk__tickets": RawRules(
            allowed=_codes(
                region_code=region,
                status=("new", "open", "solved"),
                channel=("chat", "email", "phone", "social"),
                priority=("high", "low", "normal", "urgent"),
            ),
            events=("created_at",),
            max_lag=DAILY,
        ),
        "helpdesk__csat_responses": RawRules(ranges={"score": (1, 5)}, max_lag=DAILY),
        "helpdesk__nps_responses": RawRules(
            ranges={"score": (0, 10)},
            allowed=_codes(region_code=region, sales_channel=SALES_CHANNELS),
            max_lag=DAILY,
        ),
        "hris__employees": RawRules(
            non_negative=("annual_salary",),
            ranges={"fte": (0, 1)},
            allowed=_codes(
                region_code=region,
                currency=currency,
                department=DEPARTMENTS,
                employment_type=("full_time", "part_time"),
            ),
            steady_volume=True,
            max_lag=MONTHLY,
        ),
        "hris__training_completions": RawRules(
            ranges={"hours": (0, 40)}, events=("completed_on",), max_lag=MONTHLY, resends_within_file=True
        ),
        "hris__engagement_responses": RawRules(ranges={"score": (1, 5)}, max_lag=MONTHLY),
        "ledger__journal_entries": RawRules(
            non_negative=("debit", "credit"),
            allowed=_codes(currency=currency),
            events=("posting_date",),
            steady_volume=True,
            max_lag=MONTHLY,
        ),
        "ledger__budget": RawRules(
            allowed=_codes(region_code=region, currency=currency, department=DEPARTMENTS)
        ),
        "marketing__campaigns": RawRules(
            non_negative=("daily_budget",), allowed=_codes(channel=PAID_CHANNELS, currency=currency)
        ),
        "marketing__ad_spend": RawRules(
            non_negative=("impressions", "clicks", "spend", "platform_conversions"),
            allowed=_codes(channel=PAID_CHANNELS, currency=currency, region_code=region),
            events=("spend_date",),
            steady_volume=True,
            max_lag=DAILY,
        ),
        "marketing__experiments": RawRules(ranges={"traffic_share": (0, 1)}),
        "marketing__experiment_assignments": RawRules(
            allowed=_codes(variant=("control", "treatment")), max_lag=MONTHLY, resends_within_file=True
        ),
        "oms__orders": RawRules(
            non_negative=("order_total",),
            allowed=_codes(
                channel=SALES_CHANNELS,
                currency=currency,
                region_code=region,
                status=("cancelled", "delivered", "placed", "shipped"),
            ),
            events=("ordered_at",),
            steady_volume=True,
            max_lag=DAILY,
        ),
        "oms__fx_rates": RawRules(allowed=_codes(currency=currency), steady_volume=True, max_lag=MONTHLY),
        "oms__order_lines": RawRules(
            non_negative=("quantity", "unit_price", "discount_amount", "line_amount", "unit_cost"),
            allowed=_codes(currency=currency),
            steady_volume=True,
            max_lag=DAILY,
        ),
        "oms__returns": RawRules(
            non_negative=("quantity", "refund_amount"),
            allowed=_codes(currency=currency, return_channel=("mail", "store")),
            max_lag=DAILY,
        ),
        "oms__products": RawRules(non_negative=("list_price_usd", "standard_cost_usd")),
        "oms__stores": RawRules(
            allowed=_codes(channel=SALES_CHANNELS, region_code=region, currency=currency)
        ),
        "web__sessions": RawRules(
            non_negative=("pageviews", "duration_seconds"),
            allowed=_codes(region_code=region),
            steady_volume=True,
            max_lag=DAILY,
        ),
    }
    return rules.get(raw_table, RawRules())


# Tables and columns whose newest event marks how far the company's data reaches.
REFERENCE_EVENTS = (
    ("oms__orders", "ordered_at"),
    ("web__sessions", "session_start"),
    ("helpdesk__tickets", "created_at"),
)

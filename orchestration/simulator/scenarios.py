"""Named scenarios that can be planted in a run, and their ground truth.

A scenario changes one driver of the shared company state (a multiplier or a wave of exits)
for a window of days; every downstream effect then follows from the simulated mechanisms.
The ground truth records what was planted and which KPIs should move, where, when and how.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from orchestration.simulator.reference import (
    CS_TEAM_CODES,
    PAID_CHANNELS,
    REGION_CODES,
    WAREHOUSE_IDS,
)

# Share of a region's revenue that comes from the web shop (the rest: stores and B2B), to size
# the revenue effect of web-shop scenarios.
ONLINE_REVENUE_SHARE = 0.35


@dataclass
class Effects:
    """Multipliers and events the scenarios plant; 1.0 / empty means business as usual."""

    conversion: np.ndarray  # [day, region] on the checkout -> purchase step of web sessions
    spend: np.ndarray  # [day, region, paid channel] on marketing spend
    warehouse_productivity: np.ndarray  # [day, warehouse] on orders picked per FTE
    training: np.ndarray  # [day, cs team] on the rate of training courses
    # (warehouse index, first day, share of staff leaving, day hiring resumes)
    warehouse_exits: list[tuple[int, int, float, int]] = field(default_factory=list)

    @classmethod
    def neutral(cls, n_days: int) -> Effects:
        return cls(
            conversion=np.ones((n_days, len(REGION_CODES))),
            spend=np.ones((n_days, len(REGION_CODES), len(PAID_CHANNELS))),
            warehouse_productivity=np.ones((n_days, len(WAREHOUSE_IDS))),
            training=np.ones((n_days, len(CS_TEAM_CODES))),
        )


@dataclass(frozen=True)
class Window:
    start: int  # first day index
    stop: int  # day index after the last day
    first_day: date

    def date_of(self, day: int) -> str:
        return (self.first_day + timedelta(days=day)).isoformat()


def _effect(kpi: str, direction: str, change: float, lag_days: int, **scope: str | list[str]) -> dict:
    return {
        "kpi": kpi,
        "direction": direction,
        "expected_relative_change": change,
        "lag_days": lag_days,
        "scope": scope,
    }


def _link(cause: str, effect: str, lag_days: int, mechanism: str) -> dict:
    return {"cause": cause, "effect": effect, "lag_days": lag_days, "mechanism": mechanism}


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    start_fraction: float  # where in the simulated period the window starts
    duration_days: int  # nominal length, shortened for short runs

    def window(self, n_days: int, first_day: date) -> Window:
        duration = min(self.duration_days, max(7, round(0.35 * n_days)))
        start = min(round(self.start_fraction * n_days), max(0, n_days - duration))
        return Window(start, min(n_days, start + duration), first_day)

    def plant(self, effects: Effects, w: Window) -> None:
        raise NotImplementedError

    def scope(self) -> dict:
        raise NotImplementedError

    def effects(self) -> list[dict]:
        raise NotImplementedError

    def cause_chain(self) -> list[dict]:
        raise NotImplementedError

    def truth(self, w: Window) -> dict:
        return {
            "name": self.name,
            "description": self.description,
            "start_date": w.date_of(w.start),
            "end_date": w.date_of(w.stop - 1),
            "scope": self.scope(),
            "effects": self.effects(),
            "cause_chain": self.cause_chain(),
        }


@dataclass(frozen=True)
class SiteChangeConversionDrop(Scenario):
    region: str = "EU-S"
    purchase_step_multiplier: float = 0.65

    def plant(self, effects: Effects, w: Window) -> None:
        effects.conversion[w.start : w.stop, REGION_CODES.index(self.region)] *= self.purchase_step_multiplier

    def scope(self) -> dict:
        return {"region_code": self.region, "sales_channel": "online", "department": "marketing"}

    def effects(self) -> list[dict]:
        drop = round(self.purchase_step_multiplier - 1, 2)
        r = self.region
        return [
            _effect("conversion_rate", "down", drop, 0, region_code=r, sales_channel="online"),
            _effect(
                "funnel_dropoff", "up", round(-drop, 2), 0, region_code=r, funnel_step="checkout_to_purchase"
            ),
            _effect("orders", "down", drop, 0, region_code=r, sales_channel="online"),
            _effect("revenue", "down", round(drop * ONLINE_REVENUE_SHARE, 2), 0, region_code=r),
        ]

    def cause_chain(self) -> list[dict]:
        return [
            _link(
                "site_release", "checkout_to_purchase_rate", 0, "payment step fails for part of the sessions"
            ),
            _link("checkout_to_purchase_rate", "conversion_rate", 0, "fewer sessions end in a purchase"),
            _link("conversion_rate", "orders", 0, "online orders are the purchasing sessions"),
            _link("orders", "revenue", 0, "revenue is the sum of order values"),
        ]


@dataclass(frozen=True)
class WarehouseSlowdown(Scenario):
    warehouse: str = "WH-NAW-1"
    region: str = "NA-W"
    exit_share: float = 0.3
    productivity_multiplier: float = 0.75  # the remaining pickers also cover receiving and returns

    def plant(self, effects: Effects, w: Window) -> None:
        wh = WAREHOUSE_IDS.index(self.warehouse)
        effects.warehouse_productivity[w.start : w.stop, wh] *= self.productivity_multiplier
        effects.warehouse_exits.append((wh, w.start, self.exit_share, w.stop))

    def scope(self) -> dict:
        return {
            "warehouse_id": self.warehouse,
            "region_code": self.region,
            "department": "operations",
            "org_unit": self.warehouse,
        }

    def effects(self) -> list[dict]:
        wh, r = self.warehouse, self.region
        return [
            _effect("headcount", "down", -self.exit_share, 0, department="operations", org_unit=wh),
            _effect("attrition_rate", "up", 10.0, 0, department="operations", org_unit=wh),
            _effect("fulfilment_time", "up", 4.0, 3, warehouse_id=wh),
            _effect("on_time_delivery_rate", "down", -0.7, 7, warehouse_id=wh, region_code=r),
            _effect("csat", "down", -0.4, 14, region_code=r),
            _effect("nps", "down", -0.2, 14, region_code=r),
            _effect("repeat_purchase_rate", "down", -0.15, 30, region_code=r),
        ]

    def cause_chain(self) -> list[dict]:
        return [
            _link("headcount", "fulfilment_time", 0, "fewer pickers: the order backlog grows"),
            _link(
                "fulfilment_time", "on_time_delivery_rate", 3, "parcels leave later than the promise allows"
            ),
            _link("on_time_delivery_rate", "csat", 14, "late parcels cause tickets that are rated low"),
            _link("csat", "repeat_purchase_rate", 30, "disappointed customers come back less often"),
        ]


@dataclass(frozen=True)
class TrainingCut(Scenario):
    team: str = "CS-EMEA"
    regions: tuple[str, ...] = ("EU-N", "EU-S")
    training_multiplier: float = 0.0

    def plant(self, effects: Effects, w: Window) -> None:
        effects.training[w.start : w.stop, CS_TEAM_CODES.index(self.team)] *= self.training_multiplier

    def scope(self) -> dict:
        return {"department": "customer_service", "org_unit": self.team, "region_codes": list(self.regions)}

    def effects(self) -> list[dict]:
        t = self.team
        regions = list(self.regions)
        return [
            _effect(
                "training_hours_per_employee",
                "down",
                round(self.training_multiplier - 1, 2),
                0,
                department="customer_service",
                org_unit=t,
            ),
            _effect("resolution_time", "up", 0.6, 30, org_unit=t, region_codes=regions),
            _effect("csat", "down", -0.25, 35, org_unit=t, region_codes=regions),
        ]

    def cause_chain(self) -> list[dict]:
        return [
            _link(
                "training_hours",
                "agent_skill",
                0,
                "skills fade without refresher courses (about 45-day memory)",
            ),
            _link("agent_skill", "resolution_time", 30, "less skilled agents need longer per ticket"),
            _link("resolution_time", "csat", 5, "slow resolutions are rated lower"),
        ]


@dataclass(frozen=True)
class MarketingBudgetCut(Scenario):
    region: str = "NA-E"
    channel: str = "paid_search"
    spend_multiplier: float = 0.3

    def plant(self, effects: Effects, w: Window) -> None:
        r, c = REGION_CODES.index(self.region), PAID_CHANNELS.index(self.channel)
        effects.spend[w.start : w.stop, r, c] *= self.spend_multiplier

    def scope(self) -> dict:
        return {"region_code": self.region, "channel": self.channel, "department": "marketing"}

    def effects(self) -> list[dict]:
        r, c = self.region, self.channel
        return [
            _effect(
                "marketing_spend", "down", round(self.spend_multiplier - 1, 2), 0, region_code=r, channel=c
            ),
            _effect("sessions", "down", -0.55, 0, region_code=r, channel=c),
            _effect("orders", "down", -0.15, 0, region_code=r, sales_channel="online"),
            _effect("revenue", "down", round(-0.15 * ONLINE_REVENUE_SHARE, 2), 0, region_code=r),
        ]

    def cause_chain(self) -> list[dict]:
        return [
            _link("marketing_spend", "sessions", 0, "fewer paid clicks land on the web shop"),
            _link("sessions", "orders", 0, "fewer sessions at the same conversion rate"),
            _link("orders", "revenue", 0, "revenue is the sum of order values"),
        ]


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        TrainingCut(
            "training_cut",
            "Refresher training of the EMEA customer-service team is suspended; agent skill fades, "
            "tickets take longer to resolve and CSAT falls in the EMEA regions.",
            start_fraction=0.2,
            duration_days=91,
        ),
        WarehouseSlowdown(
            "warehouse_slowdown",
            "A wave of resignations at the Reno warehouse (NA-W) with a hiring freeze: picking slows, "
            "parcels miss their promised date, and CSAT and repeat purchases in NA-W drop later.",
            start_fraction=0.42,
            duration_days=35,
        ),
        SiteChangeConversionDrop(
            "site_change_conversion_drop",
            "A web-shop release breaks the payment step for part of the EU-S sessions for six weeks: "
            "the checkout-to-purchase rate and with it online conversion and orders drop.",
            start_fraction=0.62,
            duration_days=42,
        ),
        MarketingBudgetCut(
            "marketing_budget_cut",
            "Paid-search spend in NA-E is cut by 70% for four weeks: paid-search sessions, online orders "
            "and revenue in NA-E fall while other channels stay as they were.",
            start_fraction=0.85,
            duration_days=28,
        ),
    )
}
DEFAULT_SCENARIOS: tuple[str, ...] = tuple(SCENARIOS)


def resolve(names: Sequence[str] | None) -> tuple[str, ...]:
    """Scenario names to plant: ``None`` means the default set, ``["none"]`` means none."""
    if names is None:
        return DEFAULT_SCENARIOS
    chosen = tuple(dict.fromkeys(n for n in names if n != "none"))
    unknown = [n for n in chosen if n not in SCENARIOS]
    if unknown:
        raise ValueError(f"unknown scenario(s) {unknown}; choose from {sorted(SCENARIOS)} or 'none'")
    return chosen


def plant(names: Sequence[str], n_days: int, n_total: int, first_day: date) -> tuple[Effects, list[dict]]:
    """Effects (over ``n_total`` simulated days) of the chosen scenarios, placed within the first
    ``n_days`` (the exported period), and their ground-truth records."""
    effects = Effects.neutral(n_total)
    truth = []
    for name in names:
        scenario = SCENARIOS[name]
        w = scenario.window(n_days, first_day)
        scenario.plant(effects, w)
        truth.append(scenario.truth(w))
    return effects, truth

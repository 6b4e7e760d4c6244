"""Web analytics (marketing): one row per web-shop session with its funnel steps
(visit -> product view -> cart -> checkout -> purchase), and the experiment assignments.

Paid sessions are the clicks the ad platforms delivered; organic and direct sessions follow
demand. Conversion depends on channel, device, season, running experiments and the planted
site change; purchasing sessions become the online orders.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from orchestration.simulator.columns import indices, labels
from orchestration.simulator.company import ONLINE_WEEKLY, CompanyState
from orchestration.simulator.exports import Exporter
from orchestration.simulator.marketing import Marketing
from orchestration.simulator.reference import (
    PAID_CHANNELS,
    REGION_CODES,
    REGION_TZ,
    REGIONS,
    TRAFFIC_CHANNELS,
)
from orchestration.simulator.rng import stream, unit_hash
from orchestration.simulator.timefmt import HOUR

LANDING_RATE = 0.9  # share of paid clicks that become a tracked session
_ORGANIC_PER_DAY = 600.0  # scale 1, whole company, at the start
_DIRECT_PER_DAY = 450.0
# Conditional step rates: product view | visit, cart | view, checkout | cart, purchase | checkout.
_VIEW, _CART, _CHECKOUT, _PURCHASE = 0.55, 0.30, 0.58, 0.62
_CHANNEL_QUALITY = np.array([1.15, 0.75, 0.55, 1.05, 1.4, 1.0, 1.25])  # on the cart step
_RETURNING = np.array([0.25, 0.2, 0.15, 0.3, 0.7, 0.35, 0.6])  # share of sessions by known visitors
DEVICES = ("desktop", "mobile", "tablet")
_DEVICE_P = (0.38, 0.55, 0.07)
_DEVICE_CHECKOUT = np.array([1.15, 0.88, 1.0])
LANDING_PAGES = ("home", "category", "product", "campaign", "search")
_LANDING_P = np.array(
    [
        [0.15, 0.30, 0.50, 0.00, 0.05],  # paid_search
        [0.10, 0.20, 0.30, 0.40, 0.00],  # paid_social
        [0.10, 0.20, 0.20, 0.50, 0.00],  # display
        [0.10, 0.20, 0.70, 0.00, 0.00],  # affiliate
        [0.20, 0.20, 0.30, 0.30, 0.00],  # email
        [0.15, 0.35, 0.45, 0.00, 0.05],  # organic
        [0.70, 0.10, 0.10, 0.00, 0.10],  # direct
    ]
)
_PRODUCT_PAGE = LANDING_PAGES.index("product")
_HOURLY = np.array(
    [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3.5, 4, 4, 4.5, 4.5, 4, 4, 4.2, 4.5, 5, 5.5, 6, 5.5, 4, 2]
)
_HOURLY_CDF = np.cumsum(_HOURLY / _HOURLY.sum())[:-1]
VARIANTS = ("control", "treatment")
_VISITOR_ID_BASE = 10**11  # visitor ids are region-coded: (region + 1) * base + sequence
_RETURNING_WINDOW_MONTHS = 3


@dataclass
class Sessions:
    """One month of sessions, sorted by start time."""

    session_id: np.ndarray
    visitor_id: np.ndarray
    start: np.ndarray  # UTC epoch seconds
    day: np.ndarray  # local day index
    region: np.ndarray
    channel: np.ndarray  # index into TRAFFIC_CHANNELS
    device: np.ndarray
    landing: np.ndarray
    experiment: np.ndarray  # index into the experiments, -1 if none
    variant: np.ndarray  # -1 if none
    steps: np.ndarray  # [session, 4] bool: product view, cart, checkout, purchase
    pageviews: np.ndarray
    duration: np.ndarray  # seconds
    assignments: dict[str, np.ndarray]

    @property
    def purchased(self) -> np.ndarray:
        return np.flatnonzero(self.steps[:, 3])


def _season_factor(state: CompanyState, day: np.ndarray) -> np.ndarray:
    """Buying intent rises with the season and with running promotions (on the cart step)."""
    return state.season[day] ** 0.3 * (1 + state.promotion[day])


def _organic_sessions(state: CompanyState, a: int, b: int) -> np.ndarray:
    """Expected organic and direct sessions, [day, region, 2]."""
    weights = np.array([r.weight for r in REGIONS])
    weekly = ONLINE_WEEKLY[state.calendar.weekday[a:b]][:, None]
    base = state.scale * weights[None, :] * state.demand[a:b] * weekly
    return base[:, :, None] * np.array([_ORGANIC_PER_DAY, _DIRECT_PER_DAY])


def expected_orders(state: CompanyState, clicks: np.ndarray) -> np.ndarray:
    """Online orders to expect per day and region, [day, region]: the funnel's mean without
    experiments or planted scenarios (what the company plans staffing with)."""
    n = clicks.shape[0]
    sessions = np.concatenate([LANDING_RATE * clicks, _organic_sessions(state, 0, n)], axis=2)
    view = _LANDING_P[:, _PRODUCT_PAGE] + (1 - _LANDING_P[:, _PRODUCT_PAGE]) * _VIEW
    checkout = _CHECKOUT * float(np.dot(_DEVICE_P, _DEVICE_CHECKOUT))
    per_session = view * _CART * _CHANNEL_QUALITY * checkout * _PURCHASE  # by channel
    season = _season_factor(state, np.arange(n))
    return (sessions * per_session[None, None, :]).sum(axis=2) * season[:, None]


class WebShop:
    def __init__(self, state: CompanyState, marketing: Marketing) -> None:
        self.state, self.marketing = state, marketing
        self.next_session = 1
        self.visitors = np.zeros(len(REGIONS), dtype=np.int64)  # visitors created so far, per region
        self.visitors_at_month: list[np.ndarray] = []
        self.assigned = {e.experiment_id: np.zeros(0, dtype=np.int64) for e in marketing.experiments}

    def simulate_month(self, month: int, a: int, b: int) -> Sessions:
        state, rng = self.state, stream(self.state.seed, "web", month)
        counts = np.empty((b - a, len(REGIONS), len(TRAFFIC_CHANNELS)), dtype=np.int64)
        counts[:, :, : len(PAID_CHANNELS)] = rng.binomial(self.marketing.clicks[a:b], LANDING_RATE)
        counts[:, :, len(PAID_CHANNELS) :] = rng.poisson(_organic_sessions(state, a, b))
        cell = np.repeat(np.arange(counts.size), counts.ravel())
        day, region, channel = np.unravel_index(cell, counts.shape)
        day = day + a
        n = len(cell)
        hour = np.searchsorted(_HOURLY_CDF, rng.random(n))
        local = state.clock.day_start(day) + hour * HOUR + rng.integers(0, HOUR, n)
        start = state.clock.to_utc(local, REGION_TZ[region])
        order = np.argsort(start, kind="stable")
        day, region, channel, start = day[order], region[order], channel[order], start[order]

        visitor = self._visitors(rng, region, channel)
        device = np.searchsorted(np.cumsum(_DEVICE_P)[:-1], rng.random(n))
        u = rng.random(n)[:, None]
        landing = (u > np.cumsum(_LANDING_P, axis=1)[channel]).sum(axis=1)
        experiment, variant, lift = self._experiments(day, region, visitor)

        season = _season_factor(state, day)
        rates = np.stack(
            [
                np.where(landing == _PRODUCT_PAGE, 1.0, _VIEW),  # landing on a product page is a view
                _CART * _CHANNEL_QUALITY[channel] * season,
                _CHECKOUT * _DEVICE_CHECKOUT[device],
                _PURCHASE * state.effects.conversion[day, region],
            ],
            axis=1,
        )
        rates = np.minimum(rates * lift, 0.98)
        steps = np.cumprod(rng.random((n, 4)) < rates, axis=1).astype(bool)
        pageviews = 1 + steps[:, 0] * (1 + rng.poisson(2.0, n)) + steps[:, 1:].sum(axis=1)
        duration = (rng.gamma(2.0, 25.0, n) * pageviews).astype(np.int64) + 5
        ids = np.arange(self.next_session, self.next_session + n)
        self.next_session += n
        return Sessions(
            session_id=ids,
            visitor_id=visitor,
            start=start,
            day=day,
            region=region,
            channel=channel,
            device=device,
            landing=landing,
            experiment=experiment,
            variant=variant,
            steps=steps,
            pageviews=pageviews,
            duration=duration,
            assignments=self._assign(experiment, variant, visitor, start, region, device),
        )

    def _visitors(self, rng: np.random.Generator, region: np.ndarray, channel: np.ndarray) -> np.ndarray:
        """Known visitors come back from the last few months' visitors of their region."""
        n = len(region)
        window_start = (
            self.visitors_at_month[-_RETURNING_WINDOW_MONTHS]
            if len(self.visitors_at_month) >= _RETURNING_WINDOW_MONTHS
            else np.zeros(len(REGIONS), dtype=np.int64)
        )
        self.visitors_at_month.append(self.visitors.copy())
        returning = (rng.random(n) < _RETURNING[channel]) & (self.visitors[region] > window_start[region])
        seq = np.empty(n, dtype=np.int64)
        lo, hi = window_start[region], self.visitors[region]
        seq[returning] = lo[returning] + (rng.random(returning.sum()) * (hi - lo)[returning]).astype(np.int64)
        new = ~returning
        for r in range(len(REGIONS)):
            mine = new & (region == r)
            k = int(mine.sum())
            seq[mine] = self.visitors[r] + np.arange(k)
            self.visitors[r] += k
        return (region + 1) * _VISITOR_ID_BASE + seq

    def _experiments(self, day: np.ndarray, region: np.ndarray, visitor: np.ndarray):
        """Experiment, variant and the multiplier each session's funnel steps get from it."""
        n = len(day)
        experiment = np.full(n, -1)
        variant = np.full(n, -1)
        lift = np.ones((n, 4))
        for i, e in enumerate(self.marketing.experiments):
            if e.stop_day <= day.min() or e.start_day > day.max():
                continue
            in_scope = (day >= e.start_day) & (day < e.stop_day) & ((region == e.region) | (e.region < 0))
            live = np.flatnonzero(in_scope)
            live = live[unit_hash(visitor[live], i + 1) < e.traffic_share]
            treated = unit_hash(visitor[live], i + 1, 7) < 0.5
            experiment[live] = i
            variant[live] = treated
            lift[live[treated], e.step] *= 1 + e.lift
        return experiment, variant, lift

    def _assign(self, experiment, variant, visitor, start, region, device) -> dict[str, np.ndarray]:
        """First exposure of each visitor to each experiment."""
        rows = []
        for i, e in enumerate(self.marketing.experiments):
            idx = np.flatnonzero(experiment == i)
            if not len(idx):
                continue
            _, first = np.unique(visitor[idx], return_index=True)
            idx = idx[np.sort(first)]
            idx = idx[~np.isin(visitor[idx], self.assigned[e.experiment_id])]
            self.assigned[e.experiment_id] = np.concatenate([self.assigned[e.experiment_id], visitor[idx]])
            rows.append((np.full(len(idx), i), idx))
        exp = np.concatenate([r[0] for r in rows]) if rows else np.zeros(0, dtype=np.int64)
        idx = np.concatenate([r[1] for r in rows]) if rows else np.zeros(0, dtype=np.int64)
        return {"experiment": exp, "session": idx}

    def export(self, s: Sessions, order_ids: pa.Array, out: Exporter) -> None:
        """Queue the month's sessions; ``order_ids`` belong to ``s.purchased`` in that order."""
        experiments = pa.array([e.experiment_id for e in self.marketing.experiments], pa.string())
        order_pos = np.full(len(s.session_id), -1)
        order_pos[s.purchased] = np.arange(len(s.purchased))
        paid = s.channel < len(PAID_CHANNELS)
        campaign = self.marketing.campaign[s.day, s.region, np.minimum(s.channel, len(PAID_CHANNELS) - 1)]
        out.add(
            "web.sessions",
            {
                "session_id": s.session_id,
                "visitor_id": s.visitor_id,
                "session_start": s.start,
                "region_code": labels(REGION_CODES, s.region),
                "channel": labels(TRAFFIC_CHANNELS, s.channel),
                "campaign_id": labels(self.marketing.campaign_id, np.where(paid, campaign, -1)),
                "device_type": labels(DEVICES, s.device),
                "landing_page_type": labels(LANDING_PAGES, s.landing),
                "experiment_id": experiments.take(indices(s.experiment)),
                "variant": labels(VARIANTS, s.variant),
                "viewed_product": s.steps[:, 0],
                "added_to_cart": s.steps[:, 1],
                "started_checkout": s.steps[:, 2],
                "purchased": s.steps[:, 3],
                "order_id": order_ids.take(indices(order_pos)),
                "pageviews": s.pageviews,
                "duration_seconds": s.duration,
            },
            s.day,
        )
        exp, idx = s.assignments["experiment"], s.assignments["session"]
        out.add(
            "marketing.experiment_assignments",
            {
                "experiment_id": experiments.take(indices(exp)),
                "visitor_id": s.visitor_id[idx],
                "variant": labels(VARIANTS, s.variant[idx]),
                "assigned_at": s.start[idx],
                "region_code": labels(REGION_CODES, s.region[idx]),
                "device_type": labels(DEVICES, s.device[idx]),
            },
            s.day[idx],
        )

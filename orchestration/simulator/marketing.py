"""Marketing: campaigns, daily ad delivery and spend per channel and region, and the A/B
experiments run on the web shop.

Spend comes from the company plan; clicks follow spend with diminishing returns and feed the
web sessions of the paid channels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np

from orchestration.simulator.columns import labels
from orchestration.simulator.company import CHANNEL_MIX, SPEND_USD_PER_DAY, CompanyState, black_fridays
from orchestration.simulator.exports import Exporter
from orchestration.simulator.reference import (
    CURRENCIES,
    CURRENCY_DECIMALS,
    PAID_CHANNELS,
    REGION_CODES,
    REGION_CURRENCY,
    REGIONS,
    region_short,
)
from orchestration.simulator.rng import stream
from orchestration.simulator.timefmt import DAY, HOUR

# Per paid channel: cost per click (USD), click-through rate, platform-reported conversion rate.
_CPC_USD = np.array([1.9, 1.5, 1.1, 3.0, 0.6])
_CTR = np.array([0.045, 0.012, 0.004, 0.02, 0.03])
_PLATFORM_CONVERSION = np.array([0.04, 0.015, 0.006, np.nan, 0.05])  # affiliates report none
_REGION_CPC = np.array([1.0, 1.05, 0.9, 0.85, 0.8])
_OBJECTIVE = ("acquisition", "acquisition", "awareness", "acquisition", "retention")
_SEASONAL_CHANNELS = ("paid_social", "display", "email")

FUNNEL_STEPS = ("product_view", "cart", "checkout", "purchase")
_EXPERIMENT_IDEAS = {
    "product_view": (
        "Personalised home page",
        "Showing personalised picks on the home page gets more visitors to a product page.",
    ),
    "cart": (
        "Sticky add-to-cart button",
        "Keeping the add-to-cart button in view raises the share of product views that add to cart.",
    ),
    "checkout": (
        "Free-shipping progress bar",
        "Showing how far the cart is from free shipping gets more carts to checkout.",
    ),
    "purchase": (
        "One-page checkout",
        "A single-page checkout lets more started checkouts finish with a purchase.",
    ),
}
_LIFTS = (0.12, 0.08, 0.05, 0.03, 0.0, -0.04)


@dataclass(frozen=True)
class Experiment:
    experiment_id: str
    name: str
    hypothesis: str
    step: int  # index into FUNNEL_STEPS
    region: int  # region index, -1 for all regions
    traffic_share: float  # share of visitors enrolled (half of them get the treatment)
    start_day: int
    stop_day: int  # day after the last day
    lift: float  # true relative change of the step's rate under treatment


@dataclass
class Marketing:
    campaign: np.ndarray  # [day, region, paid channel] campaign index
    campaign_id: np.ndarray
    clicks: np.ndarray  # [day, region, paid channel]
    impressions: np.ndarray
    platform_conversions: np.ndarray  # float, NaN when not reported
    experiments: tuple[Experiment, ...]
    campaign_meta: list[tuple[str, int, int]]  # (name, region, channel) per campaign


def _seasonal_events(dates: np.ndarray) -> list[tuple[str, np.datetime64, np.datetime64]]:
    events = []
    for friday in black_fridays(dates):
        year = str(friday)[:4]
        events.append((f"Black Friday {year}", friday - 7, friday + 3))
        events.append((f"Holiday {year}", np.datetime64(f"{year}-12-04"), np.datetime64(f"{year}-12-22")))
        events.append(
            (f"January Sale {year}", np.datetime64(f"{year}-01-02"), np.datetime64(f"{year}-01-15"))
        )
        events.append((f"Summer Sale {year}", np.datetime64(f"{year}-06-25"), np.datetime64(f"{year}-07-14")))
    return events


def _campaigns(state: CompanyState) -> tuple[np.ndarray, list[tuple[str, int, int]]]:
    """Campaign index per (day, region, channel) and (name, region, channel) per campaign: an always-on
    campaign per quarter, and seasonal flights on social, display and email."""
    cal = state.calendar
    dates = cal.dates[: cal.n_days]
    quarter = (dates.astype("datetime64[M]").astype(np.int64) // 3).astype(np.int64)
    period = quarter - quarter.min()
    labels = {int(q - quarter.min()): f"Q{q % 4 + 1} {1970 + q // 4}" for q in np.unique(quarter)}
    event = np.full(len(dates), -1)
    for i, (name, first, last) in enumerate(_seasonal_events(dates)):
        event[(dates >= first) & (dates <= last)] = i
        labels[10_000 + i] = name
    seasonal = np.isin(PAID_CHANNELS, _SEASONAL_CHANNELS)
    period_code = np.where(
        (event[:, None] >= 0) & seasonal[None, :], 10_000 + event[:, None], period[:, None]
    )
    n_r, n_c = len(REGIONS), len(PAID_CHANNELS)
    key = (period_code[:, None, :] * n_r + np.arange(n_r)[None, :, None]) * n_c + np.arange(n_c)[
        None, None, :
    ]
    flat = key.reshape(len(dates), -1)
    first_day = {}
    for d in range(len(dates)):
        for k in flat[d]:
            first_day.setdefault(int(k), d)
    ordered = sorted(first_day, key=lambda k: (first_day[k], k))
    index = {k: i for i, k in enumerate(ordered)}
    campaign = np.vectorize(index.__getitem__)(key)
    meta = []
    for k in ordered:
        c, rest = k % n_c, k // n_c
        r, code = rest % n_r, rest // n_r
        name = f"{region_short(REGION_CODES[r])} {PAID_CHANNELS[c].replace('_', ' ').title()} {labels[code]}"
        meta.append((name, r, c))
    campaign = np.concatenate([campaign, np.repeat(campaign[-1:], cal.n_total - cal.n_days, axis=0)])
    return campaign, meta


def _experiments(state: CompanyState) -> tuple[Experiment, ...]:
    rng = stream(state.seed, "marketing", "experiments")
    n = state.calendar.n_days
    duration = min(28, max(10, round(0.25 * n)))
    gap = min(14, max(3, round(0.1 * n)))
    start = min(7, max(1, round(0.05 * n)))
    experiments = []
    while start + duration <= n:
        step = len(experiments) % len(FUNNEL_STEPS)
        name, hypothesis = _EXPERIMENT_IDEAS[FUNNEL_STEPS[step]]
        experiments.append(
            Experiment(
                experiment_id=f"EXP-{len(experiments) + 1:03d}",
                name=name,
                hypothesis=hypothesis,
                step=step,
                region=-1 if rng.random() < 0.5 else int(rng.integers(0, len(REGIONS))),
                traffic_share=0.3,
                start_day=start,
                stop_day=start + duration,
                lift=float(rng.choice(_LIFTS)),
            )
        )
        start += duration + gap
    return tuple(experiments)


def simulate(state: CompanyState) -> Marketing:
    rng = stream(state.seed, "marketing", "delivery")
    weights = np.array([r.weight for r in REGIONS])
    # Clicks get dearer the further spend is pushed above the plan's base level.
    typical = SPEND_USD_PER_DAY * state.scale * weights[None, :, None] * CHANNEL_MIX[None, None, :]
    cpc = _CPC_USD * _REGION_CPC[:, None] * (state.spend_usd / typical) ** 0.25
    cpc *= np.exp(rng.normal(0, 0.08, cpc.shape))
    clicks = rng.poisson(state.spend_usd / cpc)
    impressions = np.round(clicks / (_CTR * np.exp(rng.normal(0, 0.1, clicks.shape)))).astype(np.int64)
    rate = np.nan_to_num(_PLATFORM_CONVERSION)
    conversions = rng.binomial(clicks, rate).astype(np.float64)
    conversions[..., np.isnan(_PLATFORM_CONVERSION)] = np.nan
    campaign, meta = _campaigns(state)
    return Marketing(
        campaign=campaign,
        campaign_id=np.array([f"CMP-{i + 1:04d}" for i in range(len(meta))], dtype=object),
        clicks=clicks,
        impressions=impressions,
        platform_conversions=conversions,
        experiments=_experiments(state),
        campaign_meta=meta,
    )


def export(state: CompanyState, mk: Marketing, out: Exporter) -> None:
    cal, clock, meta = state.calendar, state.clock, mk.campaign_meta
    n = cal.n_days
    rng = stream(state.seed, "marketing", "export")
    day, region, channel = (x.ravel() for x in np.indices((n, len(REGIONS), len(PAID_CHANNELS))))
    spend = state.spend_local[:n].ravel()
    live = spend > 0
    day, region, channel = day[live], region[live], channel[live]
    out.add(
        "marketing.ad_spend",
        {
            "spend_date": cal.dates[day],
            "campaign_id": mk.campaign_id[mk.campaign[day, region, channel]],
            "channel": labels(PAID_CHANNELS, channel),
            "region_code": labels(REGION_CODES, region),
            "currency": labels(CURRENCIES, REGION_CURRENCY[region]),
            "impressions": mk.impressions[day, region, channel],
            "clicks": mk.clicks[day, region, channel],
            "spend": spend[live],
            "platform_conversions": mk.platform_conversions[day, region, channel],
            "exported_at": clock.iso_utc(clock.t0 + (day + 1) * DAY + rng.integers(HOUR, 4 * HOUR, len(day))),
        },
        day,
    )
    c_idx = mk.campaign[:n]
    first = np.full(len(meta), n)
    last = np.zeros(len(meta), dtype=np.int64)
    days = np.broadcast_to(np.arange(n)[:, None, None], c_idx.shape)
    np.minimum.at(first, c_idx.ravel(), days.ravel())
    np.maximum.at(last, c_idx.ravel(), days.ravel())
    total = np.bincount(c_idx.ravel(), state.spend_local[:n].ravel(), len(meta))
    region = np.array([m[1] for m in meta])
    step = 10.0 ** -CURRENCY_DECIMALS[REGION_CURRENCY[region]] * 100
    out.add(
        "marketing.campaigns",
        {
            "campaign_id": mk.campaign_id,
            "campaign_name": np.array([m[0] for m in meta], dtype=object),
            "channel": np.array([PAID_CHANNELS[m[2]] for m in meta], dtype=object),
            "region_code": labels(REGION_CODES, region),
            "objective": np.array([_OBJECTIVE[m[2]] for m in meta], dtype=object),
            "start_date": cal.dates[first],
            "end_date": cal.dates[last],
            "daily_budget": np.ceil(total / (last - first + 1) * 1.15 / step) * step,
            "currency": labels(CURRENCIES, REGION_CURRENCY[region]),
            "updated_at": state.snapshot_stamps(len(meta)),
        },
        n - 1,
    )
    ex = mk.experiments
    out.add(
        "marketing.experiments",
        {
            "experiment_id": np.array([e.experiment_id for e in ex], dtype=object),
            "experiment_name": np.array([e.name for e in ex], dtype=object),
            "hypothesis": np.array([e.hypothesis for e in ex], dtype=object),
            "funnel_step": np.array([FUNNEL_STEPS[e.step] for e in ex], dtype=object),
            "region_code": np.array(
                [REGION_CODES[e.region] if e.region >= 0 else None for e in ex], dtype=object
            ),
            "traffic_share": np.array([e.traffic_share for e in ex]),
            "start_date": cal.dates[[e.start_day for e in ex]] if ex else np.zeros(0, "datetime64[D]"),
            "end_date": cal.dates[[e.stop_day - 1 for e in ex]] if ex else np.zeros(0, "datetime64[D]"),
            "status": np.array(["completed" if e.stop_day <= n else "running" for e in ex], dtype=object),
            "owner_role": np.full(len(ex), "Head of E-commerce", dtype=object),
            "updated_at": state.snapshot_stamps(len(ex)),
        },
        n - 1,
    )


def experiment_truth(mk: Marketing, state: CompanyState) -> list[dict]:
    start = state.calendar.start
    return [
        {
            "experiment_id": e.experiment_id,
            "funnel_step": FUNNEL_STEPS[e.step],
            "region_code": REGION_CODES[e.region] if e.region >= 0 else None,
            "start_date": (start + timedelta(days=e.start_day)).isoformat(),
            "end_date": (start + timedelta(days=e.stop_day - 1)).isoformat(),
            "true_relative_lift": e.lift,
        }
        for e in mk.experiments
    ]

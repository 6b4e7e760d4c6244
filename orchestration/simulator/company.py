"""The shared daily state of the company that every source system is simulated from.

Demand (trend, weekly and yearly seasonality, regional noise), promotions, FX rates, the
marketing spend plan and the planted scenario effects live here, per day and region, so that
the systems' exports are views of one consistent business rather than independent tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

import numpy as np
import pyarrow as pa

from orchestration.simulator import scenarios
from orchestration.simulator.reference import (
    CURRENCY_DECIMALS,
    FX_START_USD_PER_UNIT,
    PAID_CHANNELS,
    REGION_CURRENCY,
    REGIONS,
    Catalogue,
    build_catalogue,
)
from orchestration.simulator.rng import stream
from orchestration.simulator.timefmt import DAY, HOUR, Clock

# Days simulated after the exported period, so that late events (deliveries, replies, returns)
# of the last orders exist; they are never exported.
HORIZON_DAYS = 120
ANNUAL_GROWTH = 0.22

# Weekday multipliers, Monday first, mean 1.
ONLINE_WEEKLY = np.array([1.04, 1.01, 0.99, 0.97, 0.92, 0.95, 1.12])
RETAIL_WEEKLY = np.array([0.80, 0.82, 0.86, 0.94, 1.12, 1.45, 1.01])

# Paid marketing at scale 1: USD per day for the whole company, split by channel.
SPEND_USD_PER_DAY = 2100.0
CHANNEL_MIX = np.array([0.40, 0.25, 0.12, 0.15, 0.08])
CHANNEL_SEASON_POWER = np.array([1.0, 1.3, 1.3, 1.0, 1.2])  # how strongly spend follows the season

# (month, day, relative height, width in days) of yearly demand bumps; Black Friday is separate.
_SEASON_BUMPS = (
    (12, 12, 0.30, 7.0),
    (12, 25, -0.45, 1.2),
    (1, 6, 0.12, 5.0),
    (2, 10, -0.10, 12.0),
    (7, 10, 0.06, 20.0),
)
_BLACK_FRIDAY_BUMP = (0.60, 2.5)
# Promotion discount rates: (start month, start day, days, rate); Black Friday week is separate.
_PROMOTIONS = ((1, 2, 14, 0.15), (7, 1, 14, 0.10))
_BLACK_FRIDAY_PROMO = 0.20


@dataclass(frozen=True)
class Calendar:
    start: date
    n_days: int  # exported days
    n_total: int  # exported days + horizon
    dates: np.ndarray  # datetime64[D] of every simulated day
    weekday: np.ndarray  # 0 = Monday
    months: tuple[tuple[int, int], ...]  # [start, stop) day indexes of each exported calendar month

    @classmethod
    def build(cls, start: date, end: date) -> Calendar:
        if end < start:
            raise ValueError("end is before start")
        n_days = (end - start).days + 1
        n_total = n_days + HORIZON_DAYS
        dates = np.datetime64(start) + np.arange(n_total)
        month = dates[:n_days].astype("datetime64[M]")
        bounds = np.flatnonzero(np.r_[True, month[1:] != month[:-1], True])
        return cls(
            start=start,
            n_days=n_days,
            n_total=n_total,
            dates=dates,
            weekday=(dates.astype(np.int64) + 3) % 7,  # 1970-01-01 was a Thursday
            months=tuple((int(a), int(b)) for a, b in pairwise(bounds)),
        )

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.n_days - 1)

    def date(self, day: int) -> date:
        return self.start + timedelta(days=int(day))

    def years(self) -> np.ndarray:
        """Years since the first day, per simulated day."""
        return np.arange(self.n_total) / 365.25


def black_fridays(dates: np.ndarray) -> list[np.datetime64]:
    """The day after the fourth Thursday of November, for every year the dates touch (and the next)."""
    years = range(int(str(dates[0])[:4]) - 1, int(str(dates[-1])[:4]) + 2)
    fridays = []
    for y in years:
        nov1 = date(y, 11, 1)
        first_thursday = nov1 + timedelta(days=(3 - nov1.weekday()) % 7)
        fridays.append(np.datetime64(first_thursday + timedelta(days=22)))
    return fridays


def yearly_seasonality(dates: np.ndarray) -> np.ndarray:
    """Multiplier on demand by time of year (Black Friday, Christmas, sales, February lull)."""
    t = dates.astype(np.int64).astype(np.float64)
    years = range(int(str(dates[0])[:4]) - 1, int(str(dates[-1])[:4]) + 2)
    season = np.ones(len(dates))
    for y in years:
        for month, day, height, width in _SEASON_BUMPS:
            centre = float(np.datetime64(date(y, month, day)).astype(np.int64))
            season += height * np.exp(-0.5 * ((t - centre) / width) ** 2)
    for friday in black_fridays(dates):
        centre = float(friday.astype(np.int64)) + 1.0
        season += _BLACK_FRIDAY_BUMP[0] * np.exp(-0.5 * ((t - centre) / _BLACK_FRIDAY_BUMP[1]) ** 2)
    return season


def promotion_rates(dates: np.ndarray) -> np.ndarray:
    """Discount rate of the running promotion per day (0 outside promotions)."""
    rate = np.zeros(len(dates))
    years = range(int(str(dates[0])[:4]) - 1, int(str(dates[-1])[:4]) + 2)
    for y in years:
        for month, day, days, r in _PROMOTIONS:
            first = np.datetime64(date(y, month, day))
            rate[(dates >= first) & (dates < first + days)] = r
    for friday in black_fridays(dates):
        rate[(dates >= friday - 1) & (dates <= friday + 3)] = _BLACK_FRIDAY_PROMO
    return rate


def _ar1(rng: np.random.Generator, n: int, width: int, phi: float, sd: float) -> np.ndarray:
    """Stationary AR(1) noise in log space, ``n`` steps by ``width`` series."""
    shocks = rng.normal(0.0, sd * np.sqrt(1 - phi**2), (n, width))
    out = np.empty((n, width))
    out[0] = rng.normal(0.0, sd, width)
    for i in range(1, n):
        out[i] = phi * out[i - 1] + shocks[i]
    return out


@dataclass
class CompanyState:
    seed: int
    scale: float
    calendar: Calendar
    clock: Clock
    catalogue: Catalogue
    effects: scenarios.Effects
    truth: list[dict]  # ground truth of the planted scenarios
    trend: np.ndarray  # [day]
    season: np.ndarray  # [day]
    demand: np.ndarray  # [day, region]: trend x season x noise; 1 = an ordinary day at the start
    promotion: np.ndarray  # [day] discount rate of the running promotion
    fx: np.ndarray  # [day, currency] USD per unit
    spend_usd: np.ndarray  # [day, region, paid channel]
    spend_local: np.ndarray  # [day, region, paid channel], rounded to the region currency's minor unit

    @property
    def snapshot_time(self) -> int:
        """When the full snapshots (catalogue, stores, org units, ...) are exported: 23:00 UTC on the
        last day, as UTC seconds."""
        return self.clock.t0 + self.calendar.n_days * DAY - HOUR

    def snapshot_stamps(self, n: int) -> pa.Array:
        """``snapshot_time`` as ISO text, ``n`` times (for the text exports)."""
        return self.clock.iso_utc(np.full(n, self.snapshot_time))


def moving_average(values: np.ndarray, window: int = 91) -> np.ndarray:
    """Centred moving average along the first (day) axis, with the edges held flat."""
    kernel = np.ones(window) / window
    padded = np.pad(values, [(window // 2, window // 2)] + [(0, 0)] * (values.ndim - 1), mode="edge")
    flat = padded.reshape(len(padded), -1)
    smooth = np.stack([np.convolve(flat[:, i], kernel, mode="valid") for i in range(flat.shape[1])], axis=1)
    return smooth.reshape(values.shape)


def build_state(
    seed: int, scale: float, start: date, end: date, scenario_names: Sequence[str]
) -> CompanyState:
    calendar = Calendar.build(start, end)
    n, n_regions = calendar.n_total, len(REGIONS)
    rng = stream(seed, "company")
    effects, truth = scenarios.plant(scenario_names, calendar.n_days, n, start)

    trend = np.exp(np.log1p(ANNUAL_GROWTH) * calendar.years())
    season = yearly_seasonality(calendar.dates)
    noise = np.exp(_ar1(rng, n, n_regions, 0.8, 0.05) + _ar1(rng, n, 1, 0.9, 0.03))
    demand = trend[:, None] * season[:, None] * noise

    fx_steps = rng.normal(0.0, [0.0, 0.004, 0.0045, 0.005], (n, len(FX_START_USD_PER_UNIT)))
    fx = FX_START_USD_PER_UNIT * np.exp(np.cumsum(fx_steps, axis=0))
    fx = np.round(fx, 8)

    weeks = (np.arange(n) // 7)[:, None]
    flights = np.ones((n, len(PAID_CHANNELS)))
    flights[:, PAID_CHANNELS.index("display")] = np.where(weeks[:, 0] % 4 == 3, 0.3, 1.0)
    weights = np.array([r.weight for r in REGIONS])
    spend_usd = (
        SPEND_USD_PER_DAY
        * scale
        * weights[None, :, None]
        * CHANNEL_MIX[None, None, :]
        * trend[:, None, None] ** 0.8
        * season[:, None, None] ** CHANNEL_SEASON_POWER[None, None, :]
        * flights[:, None, :]
        * np.exp(rng.normal(0.0, 0.12, (n, n_regions, len(PAID_CHANNELS))))
        * effects.spend
    )
    rate = fx[:, REGION_CURRENCY][:, :, None]
    factor = 10.0 ** CURRENCY_DECIMALS[REGION_CURRENCY][None, :, None]
    spend_local = np.round(spend_usd / rate * factor) / factor
    return CompanyState(
        seed=seed,
        scale=scale,
        calendar=calendar,
        clock=Clock(start, n),
        catalogue=build_catalogue(seed),
        effects=effects,
        truth=truth,
        trend=trend,
        season=season,
        demand=demand,
        promotion=promotion_rates(calendar.dates),
        fx=fx,
        spend_usd=spend_local * rate,
        spend_local=spend_local,
    )

"""General ledger (finance): chart of accounts, journal entries and the budget.

Each region's entity books in its own currency: daily sales, cost-of-sales and refund summaries
from the order system, and monthly payroll (HRIS), marketing (ad spend), freight (shipments),
training, rent, software and travel. Revenue is recognised on the order date. The budget is the
plan the year started with: a smooth trend and the known seasonality, with a stretch target.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from orchestration.simulator.columns import codes, labels
from orchestration.simulator.company import CompanyState
from orchestration.simulator.exports import Exporter
from orchestration.simulator.hris import COURSES, Workforce
from orchestration.simulator.oms import Orders, round_money
from orchestration.simulator.reference import (
    CS_TEAMS,
    CURRENCIES,
    DEPARTMENTS,
    PAID_CHANNELS,
    REGION_CODES,
    REGION_CURRENCY,
    REGION_INDEX,
    REGION_TZ,
    REGIONS,
    RETAIL_STORES,
    WAREHOUSES,
)
from orchestration.simulator.rng import stream
from orchestration.simulator.timefmt import DAY, HOUR, NAT


@dataclass(frozen=True)
class Account:
    code: str
    name: str
    type: str
    normal_balance: str
    department: str | None


CHART: tuple[Account, ...] = (
    Account("1000", "Cash and bank", "asset", "debit", None),
    Account("1100", "Accounts receivable", "asset", "debit", None),
    Account("1300", "Inventory", "asset", "debit", None),
    Account("2000", "Accounts payable", "liability", "credit", None),
    Account("2100", "Accrued payroll", "liability", "credit", None),
    Account("3000", "Retained earnings", "equity", "credit", None),
    Account("4000", "Revenue - online", "revenue", "credit", "sales"),
    Account("4010", "Revenue - retail", "revenue", "credit", "sales"),
    Account("4020", "Revenue - B2B", "revenue", "credit", "sales"),
    Account("4100", "Returns and refunds", "contra_revenue", "debit", "sales"),
    Account("5000", "Cost of goods sold", "cogs", "debit", "operations"),
    Account("6000", "Salaries and wages", "opex", "debit", None),
    Account("6010", "Employee benefits", "opex", "debit", None),
    Account("6100", "Advertising and media", "opex", "debit", "marketing"),
    Account("6200", "Freight and shipping", "opex", "debit", "operations"),
    Account("6300", "Rent and facilities", "opex", "debit", None),
    Account("6400", "Training and development", "opex", "debit", None),
    Account("6500", "Software and subscriptions", "opex", "debit", None),
    Account("6600", "Travel", "opex", "debit", "sales"),
)
_REVENUE_ACCOUNT = ("4000", "4010", "4020")  # by sales channel
_BENEFITS_RATE = 0.22
_TRAINING_COST_USD_PER_HOUR = 45.0
_FREIGHT_USD = np.array([7.5, 8.0, 6.5, 6.0, 900.0 / 150.0])  # per parcel, by region
_RENT_USD = {"warehouse": 25_000.0, "store": 12_000.0, "cs": 8_000.0, "hq": 20_000.0}
_SOFTWARE_USD = {
    "marketing": 20_000.0,
    "customer_service": 12_000.0,
    "finance": 8_000.0,
    "people": 5_000.0,
    "operations": 10_000.0,
    "sales": 6_000.0,
}
_TRAVEL_USD = 3_000.0
_LATE_POSTING_SHARE = 0.3  # supplier invoices booked after the month was closed
_SEASONAL_ACCOUNTS = ("4000", "4010", "4020", "4100", "5000", "6100", "6200")
_STRETCH = {"revenue": 1.04, "contra_revenue": 1.0, "cogs": 1.0, "opex": 0.98}


class Ledger:
    def __init__(self, state: CompanyState, wf: Workforce) -> None:
        self.state, self.wf = state, wf
        n, n_r = state.calendar.n_total, len(REGIONS)
        self.revenue = np.zeros((n, n_r, 3))
        self.cogs = np.zeros((n, n_r))
        self.refunds = np.zeros((n, n_r))
        self.parcels = np.zeros((n, n_r))
        self.next_entry = 1
        # Monthly actuals in USD per (account, department, region), for the budget.
        self.actuals: dict[tuple[str, str, int], dict[int, float]] = defaultdict(dict)

    def record(self, o: Orders, returns: dict[str, np.ndarray]) -> None:
        """Add a month's orders, their cost, refunds and parcels to the daily books."""
        clock, n = self.state.clock, self.state.calendar.n_total
        live = ~o.cancelled
        np.add.at(self.revenue, (o.day[live], o.region[live], o.channel[live]), o.total[live])
        line_live = live[o.line_order]
        lo = o.line_order[line_live]
        np.add.at(self.cogs, (o.day[lo], o.region[lo]), o.unit_cost[line_live] * o.quantity[line_live])
        tz = REGION_TZ[o.region]
        returned = returns["order"]
        day = clock.local_day(returns["returned"], tz[returned])
        ok = day < n
        np.add.at(self.refunds, (day[ok], o.region[returned][ok]), returns["refund"][ok])
        sent = np.flatnonzero(o.shipped != NAT)
        day = clock.local_day(o.shipped[sent], tz[sent])
        ok = day < n
        np.add.at(self.parcels, (day[ok], o.region[sent][ok]), 1)

    def post_month(self, month: int, a: int, b: int, out: Exporter) -> None:
        rng = stream(self.state.seed, "ledger", month)
        lines: list[
            tuple
        ] = []  # (posting day, file day, account, department, region, debit/credit amount...)
        days = np.arange(a, b)
        for r in range(len(REGIONS)):
            for ch, account in enumerate(_REVENUE_ACCOUNT):
                for d in days[self.revenue[a:b, r, ch] > 0]:
                    lines.append(
                        (
                            d,
                            d,
                            "Daily sales",
                            "oms",
                            r,
                            self.revenue[d, r, ch],
                            ("1100", None),
                            (account, "sales"),
                        )
                    )
            for d in days[self.cogs[a:b, r] > 0]:
                lines.append(
                    (
                        d,
                        d,
                        "Daily cost of sales",
                        "oms",
                        r,
                        self.cogs[d, r],
                        ("5000", "operations"),
                        ("1300", None),
                    )
                )
            for d in days[self.refunds[a:b, r] > 0]:
                lines.append(
                    (d, d, "Daily refunds", "oms", r, self.refunds[d, r], ("4100", "sales"), ("1100", None))
                )
        for account, dept, region, amount, source, text, late_ok in self._monthly(rng, a, b):
            file_day = b - 1
            if late_ok and rng.random() < _LATE_POSTING_SHARE:
                file_day = b + int(rng.integers(1, 10))
            lines.append((b - 1, file_day, text, source, region, amount, (account, dept), ("2000", None)))
        self._write(rng, month, a, b, lines, out)

    def _monthly(self, rng, a: int, b: int):
        """(account, department, region, local amount, source, description, may be posted late) per month."""
        state, wf = self.state, self.wf
        fx = state.fx[a:b].mean(axis=0)
        usd_to_local = 1.0 / fx[REGION_CURRENCY]
        month_days = _days_in_month(state.calendar.dates[a])
        share = (b - a) / month_days
        scale = state.scale
        for r in range(len(REGIONS)):
            for c, channel in enumerate(PAID_CHANNELS):
                spend = state.spend_local[a:b, r, c].sum()
                yield "6100", "marketing", r, spend, "marketing", f"Media {channel.replace('_', ' ')}", False
            parcels = self.parcels[a:b, r].sum()
            yield (
                "6200",
                "operations",
                r,
                parcels * _FREIGHT_USD[r] * usd_to_local[r],
                "ap",
                "Carrier invoices",
                True,
            )
            yield (
                "6600",
                "sales",
                r,
                _TRAVEL_USD * scale * np.exp(rng.normal(0, 0.3)) * share * usd_to_local[r],
                "ap",
                "Travel expenses",
                True,
            )
        overlap = np.clip(np.minimum(wf.exit_day, b) - np.maximum(wf.hire_day, a), 0, None) / month_days
        pay = wf.salary_local * wf.fte / 12 * overlap
        hours = np.array([c.hours for c in COURSES])[wf.training_course]
        in_month = (wf.training_day >= a) & (wf.training_day < b) & (wf.training_course > 0)
        trained = np.bincount(wf.training_employee[in_month], hours[in_month], len(pay))
        for d, dept in enumerate(DEPARTMENTS):
            for r in range(len(REGIONS)):
                mine = (wf.department == d) & (wf.region == r)
                if pay[mine].sum() > 0:
                    yield "6000", dept, r, pay[mine].sum(), "hris", "Payroll", False
                    yield (
                        "6010",
                        dept,
                        r,
                        pay[mine].sum() * _BENEFITS_RATE,
                        "hris",
                        "Payroll taxes and benefits",
                        False,
                    )
                if trained[mine].sum() > 0:
                    cost = trained[mine].sum() * _TRAINING_COST_USD_PER_HOUR * usd_to_local[r]
                    yield "6400", dept, r, cost, "ap", "External training", True
        for dept, region, usd in _rent_plan(scale):
            yield "6300", dept, region, usd * share * usd_to_local[region], "ap", "Rent", False
        hq = REGION_INDEX["NA-E"]
        for dept, usd in _SOFTWARE_USD.items():
            yield (
                "6500",
                dept,
                hq,
                usd * scale**0.7 * share * usd_to_local[hq],
                "ap",
                "Software subscriptions",
                True,
            )

    def _write(self, rng, month: int, a: int, b: int, lines: list[tuple], out: Exporter) -> None:
        state, clock = self.state, self.state.clock
        n = len(lines)
        posting = np.array([x[0] for x in lines], dtype=np.int64)
        file_day = np.array([x[1] for x in lines], dtype=np.int64)
        region = np.array([x[4] for x in lines], dtype=np.int64)
        currency = REGION_CURRENCY[region]
        amount = round_money(np.array([x[5] for x in lines], dtype=np.float64), currency)
        entry = codes("JE-", np.arange(self.next_entry, self.next_entry + n), 8).to_numpy(
            zero_copy_only=False
        )
        self.next_entry += n
        created = clock.t0 + np.maximum(file_day + 1, posting + 1) * DAY + rng.integers(HOUR, 20 * HOUR, n)
        fx = state.fx[np.minimum(posting, state.calendar.n_total - 1), currency]
        for x, usd in zip(lines, amount * fx, strict=True):
            debit, credit = x[6], x[7]
            for account, dept in (debit, credit):
                if dept is not None:
                    self.actuals[(account, dept, int(x[4]))][month] = (
                        self.actuals[(account, dept, int(x[4]))].get(month, 0.0) + usd
                    )
        keep = amount > 0
        idx = np.flatnonzero(keep)
        both = np.repeat(idx, 2)
        side = np.tile([0, 1], len(idx))
        accounts = np.array([lines[i][6 + s][0] for i, s in zip(both, side, strict=True)], dtype=object)
        depts = np.array([lines[i][6 + s][1] for i, s in zip(both, side, strict=True)], dtype=object)
        out.add(
            "ledger.journal_entries",
            {
                "entry_id": entry[both],
                "line_number": side + 1,
                "posting_date": state.calendar.dates[posting[both]],
                "account_code": accounts,
                "department": depts,
                "region_code": labels(REGION_CODES, region[both]),
                "currency": labels(CURRENCIES, currency[both]),
                "debit": np.where(side == 0, amount[both], 0.0),
                "credit": np.where(side == 1, amount[both], 0.0),
                "description": np.array([lines[i][2] for i in both], dtype=object),
                "source_system": np.array([lines[i][3] for i in both], dtype=object),
                "created_at": clock.iso_utc(created[both]),
            },
            file_day[both],
        )

    def export_budget(self, out: Exporter) -> None:
        """The approved budget per month, account, department and region, in USD."""
        state, cal = self.state, self.state.calendar
        rng = stream(state.seed, "ledger", "budget")
        months = np.arange(len(cal.months))
        season = np.array([state.season[a:b].mean() for a, b in cal.months])
        kinds = {acc.code: acc.type for acc in CHART}
        rows: dict[str, list] = defaultdict(list)
        for (account, dept, region), by_month in sorted(self.actuals.items()):
            y = np.array([by_month.get(m, 0.0) for m in months])
            s = season if account in _SEASONAL_ACCOUNTS else np.ones(len(months))
            plan = _trend_fit(y, s) * _STRETCH[kinds[account]] * np.exp(rng.normal(0, 0.02, len(months)))
            for m, (a, _) in enumerate(cal.months):
                month_start = cal.dates[a].astype("datetime64[M]").astype("datetime64[D]")
                year = int(str(month_start)[:4])
                rows["budget_month"].append(month_start)
                rows["account_code"].append(account)
                rows["department"].append(dept)
                rows["region_code"].append(REGION_CODES[region])
                rows["amount"].append(round(float(plan[m]), 2))
                rows["approved_at"].append(f"{year - 1}-12-15T17:00:00+00:00")
                rows["file_day"].append(a)
        n = len(rows["amount"])
        out.add(
            "ledger.budget",
            {
                "budget_month": np.array(rows["budget_month"], dtype="datetime64[D]"),
                "account_code": np.array(rows["account_code"], dtype=object),
                "department": np.array(rows["department"], dtype=object),
                "region_code": np.array(rows["region_code"], dtype=object),
                "currency": np.full(n, "USD", dtype=object),
                "amount": np.array(rows["amount"]),
                "version": np.full(n, "approved", dtype=object),
                "approved_at": np.array(rows["approved_at"], dtype=object),
            },
            np.array(rows["file_day"], dtype=np.int64),
        )


def _trend_fit(y: np.ndarray, season: np.ndarray) -> np.ndarray:
    """exp(a + b*month) * season, fitted on log(y / season); the planned growth when data is short."""
    m = np.arange(len(y))
    ok = y > 0
    if not ok.any():
        return np.zeros(len(y))
    z = np.log(y[ok] / season[ok])
    if ok.sum() >= 6:
        x = m[ok] - m[ok].mean()
        b = float((x * (z - z.mean())).sum() / (x * x).sum())
        a = float(z.mean() - b * m[ok].mean())
    else:
        b = np.log(1.22) / 12
        a = float(np.mean(z - b * m[ok]))
    return np.exp(a + b * m) * season


def _rent_plan(scale: float) -> list[tuple[str, int, float]]:
    """(department, region, monthly USD) of the leased sites."""
    plan = [("operations", REGION_INDEX[w.region], _RENT_USD["warehouse"] * scale**0.7) for w in WAREHOUSES]
    plan += [("sales", REGION_INDEX[s.region], _RENT_USD["store"] * scale**0.5) for s in RETAIL_STORES]
    plan += [
        (
            "customer_service",
            REGION_INDEX[REGIONS[[r.cs_team for r in REGIONS].index(t.code)].code],
            _RENT_USD["cs"] * scale**0.7,
        )
        for t in CS_TEAMS
    ]
    plan += [("finance", REGION_INDEX["NA-E"], _RENT_USD["hq"] * scale**0.7)]
    return plan


def _days_in_month(day: np.datetime64) -> int:
    month = day.astype("datetime64[M]")
    return int(((month + 1).astype("datetime64[D]") - month.astype("datetime64[D]")).astype(np.int64))


def export_chart(state: CompanyState, out: Exporter) -> None:
    out.add(
        "ledger.chart_of_accounts",
        {
            "account_code": np.array([a.code for a in CHART], dtype=object),
            "account_name": np.array([a.name for a in CHART], dtype=object),
            "account_type": np.array([a.type for a in CHART], dtype=object),
            "normal_balance": np.array([a.normal_balance for a in CHART], dtype=object),
            "default_department": np.array([a.department for a in CHART], dtype=object),
            "is_active": np.ones(len(CHART), dtype=bool),
            "updated_at": state.snapshot_stamps(len(CHART)),
        },
        state.calendar.n_days - 1,
    )

"""CRM (sales): B2B accounts, their contacts, opportunities and opportunity stage history.

Accounts are owned by the account executives of the HRIS sales teams and are handed over when
an owner leaves. Won opportunities become one-year contracts, which are renewed or lost, and a
contract's value drives the account's B2B orders in the order system. Every change of a record
is a new version of it, which is what the CRM's incremental exports send.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from orchestration.simulator.columns import labels
from orchestration.simulator.company import CompanyState
from orchestration.simulator.exports import Exporter
from orchestration.simulator.hris import Workforce
from orchestration.simulator.names import company_names, email_addresses, person_names
from orchestration.simulator.reference import (
    CURRENCIES,
    CURRENCY_DECIMALS,
    FX_START_USD_PER_UNIT,
    REGION_CODES,
    REGION_CURRENCY,
    REGION_TZ,
    REGIONS,
    region_short,
)
from orchestration.simulator.rng import stream
from orchestration.simulator.timefmt import DAY, HOUR, NAT
from orchestration.simulator.writers import json_objects

STAGES = ("prospecting", "qualification", "proposal", "negotiation", "closed_won", "closed_lost")
NEGOTIATION, WON, LOST = 3, 4, 5
STAGE_PROBABILITY = (10, 25, 50, 75, 100, 0)
STAGE_DAYS = (12.0, 15.0, 18.0, 14.0)  # mean days in each open stage
# Chance to move on from each open stage, by opportunity type, and the stage it starts in.
ADVANCE = {
    "new_business": (0.8, 0.75, 0.8, 0.8),
    "renewal": (1.0, 1.0, 0.92, 0.9),
    "expansion": (1.0, 0.75, 0.8, 0.85),
}
FIRST_STAGE = {"new_business": 0, "renewal": 2, "expansion": 1}
SEGMENTS = ("smb", "mid_market", "enterprise")
_SEGMENT_P = (0.6, 0.3, 0.1)
_SEGMENT_ACV_USD = (12_000.0, 45_000.0, 160_000.0)
_SEGMENT_ORDERS_PER_MONTH = (1.5, 3.0, 6.0)
SEGMENT_DISCOUNT = np.array([0.05, 0.10, 0.15])  # contract discount on list prices
INDUSTRIES = ("retail", "hospitality", "education", "healthcare", "corporate", "public_sector")
_JOB_TITLES = (
    "Purchasing Manager",
    "Operations Director",
    "Office Manager",
    "Buyer",
    "Finance Controller",
    "CEO",
)
CONTRACT_DAYS = 365
RENEWAL_LEAD_DAYS = 75
_INITIAL_ACCOUNTS = 160  # at scale 1, created in the four years before the start
_NEW_ACCOUNTS_PER_MONTH = 6.0
_MERGED_DUPLICATES = 0.03  # share of accounts entered twice and soft-deleted later
_MISSING_INDUSTRY = 0.08
_DELETED_OPPORTUNITIES = 0.015
_EXPANSION_CHANCE = 0.3


@dataclass
class _Account:
    created: int  # UTC seconds
    region: int
    segment: int
    industry: str | None  # None until the record is enriched
    duplicate: bool  # entered twice: soft-deleted later
    owners: list[tuple[int, int]]  # (from time, employee index)
    events: list[tuple[int, str]] = field(default_factory=list)  # (time, create/enrich/reassign/delete)

    def owner_at(self, t: int) -> int:
        i = bisect.bisect_right([start for start, _ in self.owners], t) - 1
        return self.owners[max(i, 0)][1]

    @property
    def deleted_at(self) -> int | None:
        return next((t for t, kind in self.events if kind == "delete"), None)


@dataclass(frozen=True)
class _Version:
    """One exported version of a CRM record."""

    record: int  # account, contact or opportunity number (index)
    t: int  # UTC seconds of the change
    owner: int  # employee index
    deleted: bool = False
    detail: str | None = None  # accounts: industry; contacts: job title
    stage: int = 0  # opportunities
    amount: float = 0.0
    close_t: int = 0


@dataclass(frozen=True)
class _Opportunity:
    account: int
    kind: str
    created: int


@dataclass(frozen=True)
class _StageChange:
    opportunity: int
    from_stage: int  # -1 for the stage it was created in
    to_stage: int
    t: int
    amount: float
    owner: int


@dataclass
class Crm:
    account_id: np.ndarray
    account_name: np.ndarray
    account_region: np.ndarray
    account_segment: np.ndarray
    # Scheduled B2B orders from won contracts (day indexes may run past the exported period).
    order_account: np.ndarray
    order_day: np.ndarray
    order_value: np.ndarray  # in the account currency
    accounts: list[_Account]
    account_versions: list[_Version]
    contact_account: np.ndarray
    contact_created: np.ndarray
    contact_has_phone: np.ndarray
    contact_versions: list[_Version]
    opportunities: list[_Opportunity]
    opportunity_versions: list[_Version]
    stage_changes: list[_StageChange]


class _Simulation:
    def __init__(self, state: CompanyState, wf: Workforce) -> None:
        self.state, self.wf = state, wf
        self.rng = stream(state.seed, "crm")
        self.t0 = state.clock.t0
        self.t_end = self.t0 + state.calendar.n_total * DAY
        self.reps = {
            r: np.flatnonzero(wf.unit == wf.unit_index(f"SALES-{region_short(code)}"))
            for r, code in enumerate(REGION_CODES)
        }
        self.opportunities: list[_Opportunity] = []
        self.opportunity_versions: list[_Version] = []
        self.stage_changes: list[_StageChange] = []
        self.orders: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def business_time(self, day: np.ndarray | int, region: np.ndarray | int) -> np.ndarray:
        """A time during office hours of the day, in the region's zone, as UTC seconds."""
        day, region = np.atleast_1d(day), np.atleast_1d(region)
        local = self.state.clock.day_start(day) + self.rng.integers(9 * HOUR, 18 * HOUR, len(day))
        return self.state.clock.to_utc(local, REGION_TZ[region])

    def active_rep(self, region: int, day: int, exclude: int = -1) -> int:
        reps = self.reps[region]
        ok = reps[(self.wf.hire_day[reps] <= day) & (self.wf.exit_day[reps] > day) & (reps != exclude)]
        return int(self.rng.choice(ok)) if len(ok) else int(reps[0])  # the team's head never leaves

    def accounts(self) -> list[_Account]:
        s, cal = self.state.scale, self.state.calendar
        days = list(-self.rng.integers(30, 1500, max(5, round(_INITIAL_ACCOUNTS * s))))
        for a, b in cal.months:
            k = self.rng.poisson(_NEW_ACCOUNTS_PER_MONTH * s * self.state.trend[a] * (b - a) / 30.4)
            days += list(a + self.rng.integers(0, b - a, k))
        day = np.sort(np.array(days))
        n = len(day)
        region = self.rng.choice(len(REGIONS), n, p=[r.weight for r in REGIONS])
        segment = self.rng.choice(len(SEGMENTS), n, p=_SEGMENT_P)
        industry = self.rng.choice(INDUSTRIES, n)
        missing = self.rng.random(n) < _MISSING_INDUSTRY
        duplicate = self.rng.random(n) < _MERGED_DUPLICATES
        duplicate[0] = True  # the oldest record is always a merged duplicate: every export has a soft delete
        created = self.business_time(day, region)
        accounts = []
        for i in range(n):
            t = int(created[i])
            owner = self.active_rep(int(region[i]), max(int(day[i]), 0))
            acc = _Account(t, int(region[i]), int(segment[i]), None, bool(duplicate[i]), [(t, owner)])
            acc.events.append((t, "create"))
            if missing[i]:
                acc.events.append((t + int(self.rng.integers(10, 120)) * DAY, "enrich"))
            else:
                acc.industry = str(industry[i])
            if duplicate[i]:
                acc.events.append((t + int(self.rng.integers(5, 200)) * DAY, "delete"))
            accounts.append(acc)
        self._hand_over(accounts)
        return accounts

    def _hand_over(self, accounts: list[_Account]) -> None:
        """When an owner leaves, their accounts go to another executive of the region the next day."""
        leavers = sorted(
            (int(self.wf.exit_day[e]), int(e))
            for reps in self.reps.values()
            for e in reps
            if 0 <= self.wf.exit_day[e] < self.state.calendar.n_days
        )
        for exit_day, rep in leavers:
            handover = self.business_time(np.full(len(REGIONS), exit_day + 1), np.arange(len(REGIONS)))
            for acc in accounts:
                t = int(handover[acc.region])
                gone = acc.deleted_at is not None and acc.deleted_at <= t
                if acc.owners[-1][1] == rep and acc.created < t and not gone:
                    acc.owners.append((t, self.active_rep(acc.region, exit_day + 1, exclude=rep)))
                    acc.events.append((t, "reassign"))

    def account_versions(self, accounts: list[_Account]) -> list[_Version]:
        versions = []
        for i, acc in enumerate(accounts):
            industry = acc.industry
            for t, kind in sorted(acc.events):
                if kind == "enrich":
                    industry = str(self.rng.choice(INDUSTRIES))
                versions.append(_Version(i, t, acc.owner_at(t), kind == "delete", industry))
                if kind == "delete":
                    break
        return versions

    def opportunities_of(self, i: int, acc: _Account) -> None:
        """New business, then renewals and expansions of every won contract, until the horizon."""
        currency = REGION_CURRENCY[acc.region]
        step = 10_000 if CURRENCY_DECIMALS[currency] == 0 else 100  # deals are round amounts
        pending = [("new_business", acc.created + int(self.rng.integers(0, 14)) * DAY, 0.0, 0)]
        while pending:
            kind, created, previous_amount, previous_end = pending.pop(0)
            if created >= self.t_end:
                continue
            if kind == "new_business":
                amount = _SEGMENT_ACV_USD[acc.segment] * np.exp(self.rng.normal(0, 0.4))
                amount /= FX_START_USD_PER_UNIT[currency]
            elif kind == "renewal":
                amount = previous_amount * self.rng.uniform(1.0, 1.12)
            else:
                amount = previous_amount * self.rng.uniform(0.2, 0.5)
            won, amount = self._lifecycle(i, acc, kind, created, float(np.round(amount / step) * step), step)
            if won is None:
                continue
            start = previous_end if kind == "renewal" else (won - self.t0) // DAY
            end = start + CONTRACT_DAYS
            self._schedule_orders(i, acc, start, end, amount)
            pending.append(
                ("renewal", int(self.business_time(end - RENEWAL_LEAD_DAYS, acc.region)[0]), amount, end)
            )
            if kind != "expansion" and self.rng.random() < _EXPANSION_CHANCE:
                t = int(self.business_time(start + int(self.rng.integers(90, 270)), acc.region)[0])
                pending.append(("expansion", t, amount, 0))

    def _lifecycle(
        self, i: int, acc: _Account, kind: str, created: int, amount: float, step: float
    ) -> tuple[int | None, float]:
        """Walk one opportunity through its stages; returns (time won or None, final amount)."""
        number = len(self.opportunities)
        self.opportunities.append(_Opportunity(i, kind, created))
        deleted_at = None
        if kind == "new_business" and self.rng.random() < _DELETED_OPPORTUNITIES:
            deleted_at = created + int(self.rng.integers(2, 40)) * DAY
        stage, t, previous = FIRST_STAGE[kind], created, -1
        while True:
            if deleted_at is not None and t >= deleted_at:
                version = _Version(
                    number, deleted_at, acc.owner_at(deleted_at), True, None, previous, amount, deleted_at
                )
                self.opportunity_versions.append(version)
                return None, amount
            close_t = t + int(sum(STAGE_DAYS[stage:WON]) * DAY)
            self.opportunity_versions.append(
                _Version(number, t, acc.owner_at(t), False, None, stage, amount, close_t)
            )
            self.stage_changes.append(_StageChange(number, previous, stage, t, amount, acc.owner_at(t)))
            if stage in (WON, LOST) or t >= self.t_end:
                return (t if stage == WON else None), amount
            previous = stage
            t = t + int(self.rng.exponential(STAGE_DAYS[stage]) * DAY) + HOUR
            if self.rng.random() < ADVANCE[kind][stage]:
                stage += 1
                if stage == NEGOTIATION:
                    amount = float(np.round(amount * self.rng.uniform(0.85, 1.05) / step) * step)
            else:
                stage = LOST

    def _schedule_orders(self, i: int, acc: _Account, start: int, end: int, amount: float) -> None:
        """B2B orders of a contract on working days, worth its yearly amount in total."""
        lo, hi = max(start, 0), min(end, self.state.calendar.n_total)
        if hi <= lo:
            return
        per_month = _SEGMENT_ORDERS_PER_MONTH[acc.segment]
        n = self.rng.poisson(per_month * 12 / 365 * (hi - lo))
        day = lo + self.rng.integers(0, hi - lo, n)
        weekday = self.state.calendar.weekday[day]
        day = np.minimum(day + np.where(weekday >= 5, 7 - weekday, 0), self.state.calendar.n_total - 1)
        value = amount / 12 / per_month * np.exp(self.rng.normal(0, 0.25, n))
        self.orders.append((np.full(n, i), day, value))

    def contacts(self, accounts: list[_Account]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[_Version]]:
        """Contacts per account (account, created, has phone) and their versions: created, handed over
        with the account, new job title, deleted (with a merged account, or on their own)."""
        account, created_at, has_phone, versions = [], [], [], []
        for i, acc in enumerate(accounts):
            for _ in range(1 if acc.duplicate else 1 + self.rng.poisson(1.5)):
                c = len(account)
                created = (
                    acc.created + int(self.rng.integers(0, 60)) * DAY + int(self.rng.integers(0, 8 * HOUR))
                )
                events = [(created, "create")] + [(t, "reassign") for t, _ in acc.owners[1:] if t > created]
                if self.rng.random() < 0.15:
                    events.append((created + int(self.rng.integers(60, 600)) * DAY, "retitle"))
                if acc.deleted_at is not None:
                    events.append((max(acc.deleted_at, created + HOUR), "delete"))
                elif self.rng.random() < 0.05:
                    events.append((created + int(self.rng.integers(30, 500)) * DAY, "delete"))
                title = str(self.rng.choice(_JOB_TITLES)) if self.rng.random() >= 0.12 else None
                new_title = str(self.rng.choice(_JOB_TITLES))
                for t, kind in sorted(events):
                    title = new_title if kind == "retitle" else title
                    versions.append(_Version(c, t, acc.owner_at(t), kind == "delete", title))
                    if kind == "delete":
                        break
                account.append(i)
                created_at.append(created)
                has_phone.append(self.rng.random() >= 0.35)
        return np.array(account), np.array(created_at), np.array(has_phone), versions


def simulate(state: CompanyState, wf: Workforce) -> Crm:
    sim = _Simulation(state, wf)
    accounts = sim.accounts()
    account_versions = sim.account_versions(accounts)
    for i, acc in enumerate(accounts):
        if not acc.duplicate:
            sim.opportunities_of(i, acc)
    contact_account, contact_created, contact_has_phone, contact_versions = sim.contacts(accounts)
    orders = sim.orders or [(np.zeros(0, int), np.zeros(0, int), np.zeros(0))]
    order_account, order_day, order_value = (np.concatenate(x) for x in zip(*orders, strict=True))
    sort = np.lexsort((order_account, order_day))
    return Crm(
        account_id=np.array([f"ACC-{i + 1:06d}" for i in range(len(accounts))], dtype=object),
        account_name=company_names(stream(state.seed, "crm", "names"), len(accounts)),
        account_region=np.array([a.region for a in accounts]),
        account_segment=np.array([a.segment for a in accounts]),
        order_account=order_account[sort],
        order_day=order_day[sort],
        order_value=order_value[sort],
        accounts=accounts,
        account_versions=account_versions,
        contact_account=contact_account,
        contact_created=contact_created,
        contact_has_phone=contact_has_phone,
        contact_versions=contact_versions,
        opportunities=sim.opportunities,
        opportunity_versions=sim.opportunity_versions,
        stage_changes=sim.stage_changes,
    )


def _column(records: list, name: str, dtype: type | str | None = None) -> np.ndarray:
    return np.array([getattr(r, name) for r in records], dtype=dtype)


def _exported(versions: list[_Version], t0: int) -> list[_Version]:
    """Every version from the first day on, plus the last earlier version of each record: the
    first file of an export history is a full export of the state at the start."""
    latest_before: dict[int, _Version] = {}
    for v in versions:
        if v.t < t0 and (v.record not in latest_before or v.t >= latest_before[v.record].t):
            latest_before[v.record] = v
    return sorted(latest_before.values(), key=lambda v: (v.t, v.record)) + [v for v in versions if v.t >= t0]


def _user(wf: Workforce, employee: np.ndarray) -> pa.Array:
    """A nested user object {id, name, email}, as the CRM's API returns owners."""
    ids, names, emails = wf.owner_json(employee)
    return json_objects(
        {k: pa.array(v, pa.string()) for k, v in (("id", ids), ("name", names), ("email", emails))}
    )


def _record_columns(versions: list[_Version], wf: Workforce, iso) -> dict[str, object]:
    t = _column(versions, "t", np.int64)
    deleted = _column(versions, "deleted", bool)
    return {
        "owner": _user(wf, _column(versions, "owner", np.int64)),
        "updated_at": iso(t),
        "is_deleted": deleted,
        "deleted_at": iso(np.where(deleted, t, NAT)),
    }


def export(state: CompanyState, wf: Workforce, crm: Crm, out: Exporter) -> None:
    """Queue the daily incremental exports: every version in the file of its UTC day."""
    t0, iso = state.clock.t0, state.clock.iso_utc

    versions = _exported(crm.account_versions, t0)
    acc = _column(versions, "record", np.int64)
    region = crm.account_region[acc]
    out.add(
        "crm.accounts",
        {
            "account_id": crm.account_id[acc],
            "account_name": crm.account_name[acc],
            "region_code": labels(REGION_CODES, region),
            "industry": _column(versions, "detail", object),
            "segment": labels(SEGMENTS, crm.account_segment[acc]),
            "currency": labels(CURRENCIES, REGION_CURRENCY[region]),
            "created_at": iso(np.array([crm.accounts[a].created for a in acc], dtype=np.int64)),
            **_record_columns(versions, wf, iso),
        },
        (_column(versions, "t", np.int64) - t0) // DAY,
    )

    versions = _exported(crm.contact_versions, t0)
    contact = _column(versions, "record", np.int64)
    n = len(crm.contact_account)
    first, last = person_names(stream(state.seed, "crm", "contacts"), n)
    ids = np.array([f"CON-{i + 1:06d}" for i in range(n)], dtype=object)
    emails = email_addresses(first, last, ids, "customer.example")
    phone = np.array([f"+{c % 90 + 10} {c * 7919 % 10**9:09d}" for c in range(n)], dtype=object)
    out.add(
        "crm.contacts",
        {
            "contact_id": ids[contact],
            "account_id": crm.account_id[crm.contact_account[contact]],
            "first_name": first[contact],
            "last_name": last[contact],
            "email": emails[contact],
            "phone": np.where(crm.contact_has_phone[contact], phone[contact], None),
            "job_title": _column(versions, "detail", object),
            "created_at": iso(crm.contact_created[contact]),
            **_record_columns(versions, wf, iso),
        },
        (_column(versions, "t", np.int64) - t0) // DAY,
    )

    versions = _exported(crm.opportunity_versions, t0)
    opp = _column(versions, "record", np.int64)
    account = np.array([crm.opportunities[o].account for o in opp], dtype=np.int64)
    kind = np.array([crm.opportunities[o].kind for o in opp], dtype=object)
    stage = _column(versions, "stage", np.int64)
    t = _column(versions, "t", np.int64)
    closed = np.isin(stage, (WON, LOST)) & ~_column(versions, "deleted", bool)
    out.add(
        "crm.opportunities",
        {
            "opportunity_id": np.array([f"OPP-{o + 1:06d}" for o in opp], dtype=object),
            "account_id": crm.account_id[account],
            "opportunity_name": crm.account_name[account] + " " + np.char.replace(kind.astype(str), "_", " "),
            "opportunity_type": kind,
            "stage": labels(STAGES, stage),
            "probability": np.asarray(STAGE_PROBABILITY)[stage],
            "amount": _column(versions, "amount", np.float64),
            "currency": labels(CURRENCIES, REGION_CURRENCY[crm.account_region[account]]),
            "expected_close_date": np.datetime64(state.calendar.start)
            + (_column(versions, "close_t") - t0) // DAY,
            "closed_at": iso(np.where(closed, t, NAT)),
            "created_at": iso(np.array([crm.opportunities[o].created for o in opp], dtype=np.int64)),
            **_record_columns(versions, wf, iso),
        },
        (t - t0) // DAY,
    )

    changes = crm.stage_changes
    t = _column(changes, "t", np.int64)
    out.add(
        "crm.opportunity_stage_history",
        {
            "history_id": np.array([f"OSH-{i + 1:07d}" for i in range(len(changes))], dtype=object),
            "opportunity_id": np.array([f"OPP-{c.opportunity + 1:06d}" for c in changes], dtype=object),
            "from_stage": labels(STAGES, _column(changes, "from_stage", np.int64)),
            "to_stage": labels(STAGES, _column(changes, "to_stage", np.int64)),
            "changed_at": iso(t),
            "amount": _column(changes, "amount", np.float64),
            "probability": np.asarray(STAGE_PROBABILITY)[_column(changes, "to_stage", np.int64)],
            "changed_by": _user(wf, _column(changes, "owner", np.int64)),
        },
        (t - t0) // DAY,
    )

"""HRIS (people): the workforce by org unit, its hires and exits, training and engagement pulses.

Staffing is planned from the demand forecast, so warehouse and customer-service capacity follow
the business; training keeps customer-service agents skilled. Both feed the operations and
helpdesk simulations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from orchestration.simulator import forecast
from orchestration.simulator.columns import labels
from orchestration.simulator.company import CompanyState, moving_average
from orchestration.simulator.exports import Exporter
from orchestration.simulator.names import EMAIL_DOMAIN, email_addresses, person_names
from orchestration.simulator.reference import (
    CS_TEAMS,
    CURRENCIES,
    CURRENCY_DECIMALS,
    DEPARTMENTS,
    FX_START_USD_PER_UNIT,
    REGION_CODES,
    REGION_CURRENCY,
    REGION_INDEX,
    REGIONS,
    RETAIL_STORES,
    WAREHOUSES,
    region_short,
)
from orchestration.simulator.rng import stream

NO_EXIT = 10**9

# Capacity planning.
ORDERS_PER_FTE_DAY = 8.0  # orders one full-time warehouse employee picks and packs per working day
TARGET_UTILISATION = 0.8
TICKETS_PER_AGENT_DAY = 5.0  # for a fully skilled agent
WEEKEND_STAFFING = 0.5  # customer service works weekends with half the staff
_TYPICAL_SKILL = 0.9
RAMP_UP_DAYS = 30  # new hires work at half speed for their first month

# Monthly chance of leaving, by department.
_ATTRITION = {"operations": 0.022, "customer_service": 0.02, "sales": 0.016}
_OTHER_ATTRITION = 0.009
_EXIT_REASONS = ("resignation", "dismissal", "end_of_contract", "retirement")
_EXIT_REASON_P = (0.7, 0.1, 0.12, 0.08)


@dataclass(frozen=True)
class Staffing:
    """How a kind of org unit is staffed."""

    department: str
    role: str
    lead_role: str
    salary_usd: float  # base salary of a full-time member, before individual spread
    part_time_share: float
    minimum: int = 1  # headcount never planned below this


WAREHOUSE_STAFF = Staffing("operations", "Warehouse Associate", "Warehouse Manager", 36_000, 0.25, minimum=2)
SERVICE_STAFF = Staffing(
    "customer_service", "Customer Service Agent", "Customer Service Team Lead", 45_000, 0.15, 3
)
STORE_STAFF = Staffing("sales", "Store Associate", "Store Manager", 36_000, 0.35)
ACCOUNT_STAFF = Staffing("sales", "Account Executive", "Sales Director", 85_000, 0.0)
# Head-office functions: (org unit, name, headcount at scale 1, staffing).
HEAD_OFFICE = (
    (
        "MKT-HQ",
        "Marketing",
        8,
        Staffing("marketing", "Marketing Specialist", "Head of Marketing", 80_000, 0.05),
    ),
    ("FIN-HQ", "Finance", 6, Staffing("finance", "Financial Analyst", "Head of Finance", 90_000, 0.05)),
    ("PPL-HQ", "People", 4, Staffing("people", "People Partner", "Head of People", 75_000, 0.05)),
)


@dataclass(frozen=True)
class OrgUnit:
    code: str
    name: str
    region: int
    planned: np.ndarray  # [day] planned full-time equivalents
    staffing: Staffing

    @property
    def department(self) -> str:
        return self.staffing.department


@dataclass(frozen=True)
class Course:
    course_id: str
    name: str
    category: str
    hours: float
    departments: tuple[str, ...]


COURSES: tuple[Course, ...] = (
    Course("TR-001", "Onboarding", "onboarding", 8.0, ()),
    Course("TR-101", "Warehouse safety refresher", "compliance", 2.0, ("operations",)),
    Course("TR-102", "Efficient picking and packing", "operations", 3.0, ("operations",)),
    Course("TR-201", "Customer empathy", "customer_service", 1.0, ("customer_service",)),
    Course("TR-202", "Advanced ticket handling", "customer_service", 1.5, ("customer_service",)),
    Course("TR-203", "Product knowledge update", "product", 1.0, ("customer_service", "sales")),
    Course("TR-301", "Consultative selling", "sales", 4.0, ("sales",)),
    Course("TR-401", "Data literacy", "analytics", 2.5, ("marketing", "finance", "people")),
    Course("TR-501", "Leadership essentials", "leadership", 6.0, DEPARTMENTS),
    Course("TR-601", "Information security awareness", "compliance", 1.0, DEPARTMENTS),
)
# Courses per employee per month, by department (customer service: about 4 hours a month).
_TRAINING_RATE = {"customer_service": 3.0, "operations": 0.6, "sales": 0.8}
_OTHER_TRAINING_RATE = 0.7
SKILL_MEMORY_DAYS = 45.0

ENGAGEMENT_QUESTIONS = (
    ("Q1", "I would recommend this company as a place to work."),
    ("Q2", "I have the tools and resources to do my job well."),
    ("Q3", "My workload is manageable."),
    ("Q4", "I have had the training I need in the last three months."),
    ("Q5", "I see myself working here in a year."),
)
_ENGAGEMENT_SAMPLE = 0.3


def _org_units(state: CompanyState, clicks: np.ndarray) -> tuple[OrgUnit, ...]:
    """Org units with their planned headcount, from the smoothed demand forecast."""
    s = state.scale
    shipped = moving_average(forecast.shipped_orders(state, clicks))
    tickets = moving_average(forecast.tickets(state, clicks))
    units: list[OrgUnit] = []
    for w in WAREHOUSES:
        r = REGION_INDEX[w.region]
        # Orders arrive seven days a week, warehouses pick on six.
        orders = shipped[:, r] * w.region_share * 7 / 6
        planned = orders / (ORDERS_PER_FTE_DAY * TARGET_UTILISATION)
        units.append(OrgUnit(w.warehouse_id, w.name, r, planned, WAREHOUSE_STAFF))
    per_agent = TICKETS_PER_AGENT_DAY * _TYPICAL_SKILL * (5 + 2 * WEEKEND_STAFFING) / 7
    for t in CS_TEAMS:
        members = [i for i, reg in enumerate(REGIONS) if reg.cs_team == t.code]
        planned = tickets[:, members].sum(axis=1) / (per_agent * TARGET_UTILISATION)
        units.append(OrgUnit(t.code, t.name, members[0], planned, SERVICE_STAFF))
    for store in RETAIL_STORES:
        planned = 4.0 * store.size * s * state.trend**0.3
        units.append(OrgUnit(store.store_id, store.name, REGION_INDEX[store.region], planned, STORE_STAFF))
    for r, region in enumerate(REGIONS):
        planned = 2.0 * region.weight / 0.2 * s * state.trend**0.5
        code = f"SALES-{region_short(region.code)}"
        units.append(OrgUnit(code, f"Business Sales {region.name}", r, planned, ACCOUNT_STAFF))
    for code, name, heads, staffing in HEAD_OFFICE:
        units.append(OrgUnit(code, name, REGION_INDEX["NA-E"], heads * s * state.trend**0.4, staffing))
    return tuple(units)


@dataclass
class Workforce:
    units: tuple[OrgUnit, ...]
    employee_id: np.ndarray
    first_name: np.ndarray
    last_name: np.ndarray
    email: np.ndarray
    unit: np.ndarray  # org unit index
    department: np.ndarray  # index into DEPARTMENTS
    region: np.ndarray
    job_title: np.ndarray
    hire_day: np.ndarray
    exit_day: np.ndarray  # NO_EXIT when still employed
    exit_reason: np.ndarray  # object, None when still employed
    fte: np.ndarray
    salary_local: np.ndarray  # annual, in the region currency
    manager: np.ndarray  # employee index of the unit lead, -1 for leads
    warehouse_fte: np.ndarray  # [day, warehouse] picking FTE, new hires at half speed
    agents: np.ndarray  # employee indexes of customer-service agents
    agent_team: np.ndarray  # CS team index per agent
    agent_skill: np.ndarray  # [day, agent] 0.55 .. 1.0
    training_employee: np.ndarray  # per completion
    training_course: np.ndarray
    training_day: np.ndarray
    training_recorded_day: np.ndarray

    def unit_index(self, code: str) -> int:
        return next(i for i, u in enumerate(self.units) if u.code == code)

    def active(self, day: int) -> np.ndarray:
        return (self.hire_day <= day) & (self.exit_day > day)

    def owner_json(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self.employee_id[idx], self.first_name[idx] + " " + self.last_name[idx], self.email[idx]


_PART_TIME_FTE = (0.5, 0.6, 0.8)


def _mean_fte(staffing: Staffing) -> float:
    return 1 - staffing.part_time_share * (1 - float(np.mean(_PART_TIME_FTE)))


def _hire(
    rng: np.random.Generator, unit: OrgUnit, u: int, days: np.ndarray, lead: bool
) -> dict[str, np.ndarray]:
    n = len(days)
    part_time = rng.random(n) < unit.staffing.part_time_share
    fte = np.where(part_time, rng.choice(_PART_TIME_FTE, n), 1.0)
    if lead:
        fte[:] = 1.0
    return {
        "unit": np.full(n, u),
        "hire_day": days.astype(np.int64),
        "exit_day": np.full(n, NO_EXIT, dtype=np.int64),
        "fte": fte,
        "lead": np.full(n, lead),
        "salary_usd": unit.staffing.salary_usd * (1.35 if lead else 1.0) * np.exp(rng.normal(0, 0.12, n)),
        "exit_reason": np.full(n, None, dtype=object),
    }


def _roster(state: CompanyState, units: tuple[OrgUnit, ...]) -> dict[str, np.ndarray]:
    """Hires and exits, month by month, tracking each unit's plan."""
    rng = stream(state.seed, "hris", "roster")
    cal = state.calendar
    parts: list[dict[str, np.ndarray]] = []
    for u, unit in enumerate(units):
        n0 = max(unit.staffing.minimum, round(unit.planned[0] / _mean_fte(unit.staffing)))
        tenure = rng.integers(30, 3000, n0)
        tenure[0] = 3000 + rng.integers(0, 1000)  # the lead has been there longest
        parts.append(_hire(rng, unit, u, -tenure[:1], lead=True))
        parts.append(_hire(rng, unit, u, -tenure[1:], lead=False))
    staff = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    planted = {ev[0]: ev for ev in state.effects.warehouse_exits}  # warehouses are the first org units
    blocked_until = np.full(len(units), -1)
    for a, b in cal.months:
        new: list[dict[str, np.ndarray]] = []
        for u, unit in enumerate(units):
            members = np.flatnonzero(
                (staff["unit"] == u) & (staff["hire_day"] <= a) & (staff["exit_day"] > a)
            )
            candidates = members[~staff["lead"][members] & (staff["exit_day"][members] == NO_EXIT)]
            rate = _ATTRITION.get(unit.department, _OTHER_ATTRITION)
            leaving = candidates[rng.random(len(candidates)) < rate]
            staff["exit_day"][leaving] = a + rng.integers(0, b - a, len(leaving))
            staff["exit_reason"][leaving] = rng.choice(_EXIT_REASONS, len(leaving), p=_EXIT_REASON_P)
            if unit.department == "operations" and u in planted:
                _, first, share, resume = planted[u]
                if a <= first < b:
                    stay = np.setdiff1d(candidates, leaving)
                    leavers = min(len(stay), max(1, round(share * len(members))))  # share of the whole team
                    wave = rng.choice(stay, leavers, replace=False)
                    staff["exit_day"][wave] = first + rng.integers(0, 7, len(wave))
                    staff["exit_reason"][wave] = "resignation"
                    blocked_until[u] = resume
            staying = members[staff["exit_day"][members] >= b]
            missing_fte = unit.planned[(a + b) // 2] - staff["fte"][staying].sum()
            gap = max(unit.staffing.minimum - len(staying), round(missing_fte / _mean_fte(unit.staffing)))
            start = max(a, blocked_until[u])
            if gap > 0 and start < b:
                days = np.sort(start + rng.integers(0, max(1, min(25, b - start)), gap))
                new.append(_hire(rng, unit, u, days, lead=False))
        if new:
            staff = {k: np.concatenate([staff[k], *[p[k] for p in new]]) for k in staff}
    return staff


def _training(
    state: CompanyState, staff: dict[str, np.ndarray], units: tuple[OrgUnit, ...]
) -> dict[str, np.ndarray]:
    """Course completions: onboarding at hire plus a monthly rate by department."""
    rng = stream(state.seed, "hris", "training")
    dept = np.array([units[u].department for u in staff["unit"]])
    cs_team = np.array(
        [next((i for i, t in enumerate(CS_TEAMS) if t.code == units[u].code), -1) for u in staff["unit"]]
    )
    rate = np.array([_TRAINING_RATE.get(d, _OTHER_TRAINING_RATE) for d in dept])
    eligible = {d: np.array([i for i, c in enumerate(COURSES) if d in c.departments]) for d in DEPARTMENTS}
    employee, course, day = [], [], []
    onboarded = np.flatnonzero(staff["hire_day"] >= 0)
    employee.append(onboarded)
    course.append(np.zeros(len(onboarded), dtype=np.int64))
    day.append(staff["hire_day"][onboarded] + rng.integers(0, 5, len(onboarded)))
    for a, b in state.calendar.months:
        lo = np.maximum(staff["hire_day"], a)
        hi = np.minimum(staff["exit_day"], b)
        share = np.clip(hi - lo, 0, None) / (b - a)
        multiplier = np.ones(len(share))
        in_cs = cs_team >= 0
        multiplier[in_cs] = state.effects.training[a:b].mean(axis=0)[cs_team[in_cs]]
        expected = rate * share * multiplier * (b - a) / 30.4
        count = np.floor(expected + rng.random(len(expected))).astype(
            np.int64
        )  # courses follow a plan: low spread
        who = np.repeat(np.arange(len(count)), count)
        picks = np.array([eligible[d][rng.integers(0, len(eligible[d]))] for d in dept[who]], dtype=np.int64)
        employee.append(who)
        course.append(picks)
        day.append(lo[who] + (rng.random(len(who)) * (hi[who] - lo[who])).astype(np.int64))
    employee_a, course_a, day_a = (np.concatenate(x) for x in (employee, course, day))
    order = np.lexsort((employee_a, day_a))
    day_a = day_a[order]
    return {
        "employee": employee_a[order],
        "course": course_a[order],
        "day": day_a,
        "recorded_day": day_a + rng.integers(0, 4, len(day_a)),
    }


def _agent_skill(
    state: CompanyState, staff: dict[str, np.ndarray], agents: np.ndarray, training: dict
) -> np.ndarray:
    """Skill per agent and day from an exponentially fading memory of training hours and tenure."""
    n = state.calendar.n_total
    position = np.full(len(staff["unit"]), -1)
    position[agents] = np.arange(len(agents))
    hours = np.zeros((n, len(agents)))
    mask = (position[training["employee"]] >= 0) & (training["day"] >= 0) & (training["day"] < n)
    hours_per_course = np.array([c.hours for c in COURSES])
    np.add.at(
        hours,
        (training["day"][mask], position[training["employee"][mask]]),
        hours_per_course[training["course"][mask]],
    )
    course_hours = np.mean([c.hours for c in COURSES if "customer_service" in c.departments])
    target = _TRAINING_RATE["customer_service"] * course_hours / 30.4  # hours a day of a well-trained agent
    memory = np.empty_like(hours)
    level = np.where(staff["hire_day"][agents] < 0, target, 0.0)
    decay = 1.0 / SKILL_MEMORY_DAYS
    for d in range(n):
        level = level * (1 - decay) + hours[d] * decay
        memory[d] = level
    tenure = np.arange(n)[:, None] - staff["hire_day"][agents][None, :]
    seasoned = np.clip(0.8 + 0.2 * tenure / 60.0, 0.8, 1.0)  # new hires learn on the job
    # Saturating: training beyond the usual rate adds little, a shortfall costs a lot.
    trained = np.minimum(1.0, (1 - np.exp(-2 * memory / target)) / (1 - np.exp(-2.0)))
    return (0.55 + 0.45 * trained) * seasoned


def build_workforce(state: CompanyState, clicks: np.ndarray) -> Workforce:
    """The workforce, planned from the forecast of orders that ``clicks`` (ad delivery) imply."""
    units = _org_units(state, clicks)
    staff = _roster(state, units)
    order = np.lexsort((np.arange(len(staff["unit"])), staff["hire_day"]))
    staff = {k: v[order] for k, v in staff.items()}
    n = len(order)
    rng = stream(state.seed, "hris", "people")
    ids = np.array([f"E{10001 + i}" for i in range(n)], dtype=object)
    first, last = person_names(rng, n)
    unit_dept = np.array([DEPARTMENTS.index(u.department) for u in units])
    unit_region = np.array([u.region for u in units])
    region = unit_region[staff["unit"]]
    currency = REGION_CURRENCY[region]
    step = np.where(CURRENCY_DECIMALS[currency] == 0, 10_000, 100)
    salary = np.round(staff["salary_usd"] / FX_START_USD_PER_UNIT[currency] / step) * step
    leads = {int(staff["unit"][i]): i for i in np.flatnonzero(staff["lead"])}
    manager = np.array([-1 if staff["lead"][i] else leads[int(u)] for i, u in enumerate(staff["unit"])])
    title = np.array(
        [
            units[u].staffing.lead_role if lead else units[u].staffing.role
            for u, lead in zip(staff["unit"], staff["lead"], strict=True)
        ],
        dtype=object,
    )

    n_total = state.calendar.n_total
    n_wh = len(WAREHOUSES)
    diff = np.zeros((n_total + 1, n_wh))
    for w in range(n_wh):
        mine = staff["unit"] == w  # warehouses are the first org units
        hire, leave, fte = staff["hire_day"][mine], staff["exit_day"][mine], staff["fte"][mine]
        np.add.at(diff[:, w], np.clip(hire, 0, n_total), 0.5 * fte)
        np.add.at(diff[:, w], np.clip(hire + RAMP_UP_DAYS, 0, n_total), 0.5 * fte)
        np.add.at(diff[:, w], np.clip(leave, 0, n_total), -fte)
    warehouse_fte = np.cumsum(diff, axis=0)[:n_total]

    cs_units = {u: i for u, unit in enumerate(units) for i, t in enumerate(CS_TEAMS) if unit.code == t.code}
    agents = np.flatnonzero(np.isin(staff["unit"], list(cs_units)))
    training = _training(state, staff, units)
    return Workforce(
        units=units,
        employee_id=ids,
        first_name=first,
        last_name=last,
        email=email_addresses(first, last, ids, EMAIL_DOMAIN),
        unit=staff["unit"],
        department=unit_dept[staff["unit"]],
        region=region,
        job_title=title,
        hire_day=staff["hire_day"],
        exit_day=staff["exit_day"],
        exit_reason=staff["exit_reason"],
        fte=staff["fte"],
        salary_local=salary,
        manager=manager,
        warehouse_fte=warehouse_fte,
        agents=agents,
        agent_team=np.array([cs_units[u] for u in staff["unit"][agents]]),
        agent_skill=_agent_skill(state, staff, agents, training),
        training_employee=training["employee"],
        training_course=training["course"],
        training_day=training["day"],
        training_recorded_day=training["recorded_day"],
    )


def export(state: CompanyState, wf: Workforce, out: Exporter) -> None:
    """Queue every HRIS file: monthly employee snapshots, training, engagement pulses, org units."""
    cal = state.calendar
    dates = cal.dates
    out.add(
        "hris.org_units",
        {
            "org_unit": [u.code for u in wf.units],
            "org_unit_name": [u.name for u in wf.units],
            "department": [u.department for u in wf.units],
            "region_code": [REGION_CODES[u.region] for u in wf.units],
            "updated_at": state.snapshot_stamps(len(wf.units)),
        },
        cal.n_days - 1,
    )
    start = np.datetime64(cal.start)
    for a, b in cal.months:
        snap = b - 1
        rows = np.flatnonzero((wf.hire_day <= snap) & (wf.exit_day >= a))
        exited = wf.exit_day[rows] <= snap
        exit_dates = np.where(exited, start + np.minimum(wf.exit_day[rows], snap), np.datetime64("NaT"))
        manager = wf.manager[rows]
        out.add(
            "hris.employees",
            {
                "snapshot_date": np.full(len(rows), dates[snap]),
                "employee_id": wf.employee_id[rows],
                "first_name": wf.first_name[rows],
                "last_name": wf.last_name[rows],
                "email": wf.email[rows],
                "department": labels(DEPARTMENTS, wf.department[rows]),
                "org_unit": np.array([wf.units[u].code for u in wf.unit[rows]], dtype=object),
                "job_title": wf.job_title[rows],
                "region_code": labels(REGION_CODES, wf.region[rows]),
                "employment_type": np.where(wf.fte[rows] < 1, "part_time", "full_time").astype(object),
                "fte": wf.fte[rows],
                "manager_id": np.where(manager >= 0, wf.employee_id[np.maximum(manager, 0)], None),
                "hire_date": start + wf.hire_day[rows],
                "exit_date": exit_dates,
                "exit_reason": np.where(exited, wf.exit_reason[rows], None),
                "annual_salary": wf.salary_local[rows],
                "currency": labels(CURRENCIES, REGION_CURRENCY[wf.region[rows]]),
            },
            snap,
        )
    _export_training(state, wf, out)
    _export_engagement(state, wf, out)


def _export_training(state: CompanyState, wf: Workforce, out: Exporter) -> None:
    clock = state.clock
    keep = (wf.training_day >= 0) & (wf.training_day < state.calendar.n_days)
    emp, course, day, rec = (
        x[keep] for x in (wf.training_employee, wf.training_course, wf.training_day, wf.training_recorded_day)
    )
    rng = stream(state.seed, "hris", "training-export")
    recorded = clock.to_utc(clock.day_start(rec) + rng.integers(8 * 3600, 18 * 3600, len(rec)), 0)
    out.add(
        "hris.training_completions",
        {
            "completion_id": np.array([f"TC-{i:07d}" for i in range(1, len(emp) + 1)], dtype=object),
            "employee_id": wf.employee_id[emp],
            "course_id": np.array([COURSES[c].course_id for c in course], dtype=object),
            "course_name": np.array([COURSES[c].name for c in course], dtype=object),
            "category": np.array([COURSES[c].category for c in course], dtype=object),
            "completed_on": np.datetime64(state.calendar.start) + day,
            "hours": np.array([COURSES[c].hours for c in course]),
            "recorded_at": clock.iso_utc(recorded),
        },
        rec,
    )


def _export_engagement(state: CompanyState, wf: Workforce, out: Exporter) -> None:
    """Monthly pulse: a sample of staff answers five questions on a 1-5 scale (anonymous)."""
    rng = stream(state.seed, "hris", "engagement")
    cal = state.calendar
    start = np.datetime64(cal.start)
    person = rng.normal(0, 0.5, len(wf.employee_id))
    dept_offset = np.array([0.0, 0.1, -0.25, 0.1, -0.1, 0.15])[wf.department]
    hours = np.array([c.hours for c in COURSES])[wf.training_course]
    planted = {
        wf.unit_index(WAREHOUSES[w].warehouse_id): (s, e) for w, s, _, e in state.effects.warehouse_exits
    }
    next_id = 1
    for a, b in cal.months:
        mid = (a + b) // 2
        respondents = np.flatnonzero(wf.active(mid) & (rng.random(len(wf.employee_id)) < _ENGAGEMENT_SAMPLE))
        recent = (wf.training_day > mid - 90) & (wf.training_day <= mid)
        trained = np.bincount(wf.training_employee[recent], hours[recent], len(wf.employee_id)) >= 3
        overloaded = np.zeros(len(wf.employee_id), dtype=bool)
        for unit, (s, e) in planted.items():
            if s <= mid < e + 30:
                overloaded |= wf.unit == unit
        base = 3.9 + dept_offset + 0.3 * trained - 0.8 * overloaded + person
        n_q = len(ENGAGEMENT_QUESTIONS)
        who = np.repeat(respondents, n_q)
        q = np.tile(np.arange(n_q), len(respondents))
        score = np.clip(np.round(base[who] + rng.normal(0, 0.6, len(who))), 1, 5).astype(np.int64)
        answered = a + rng.integers(0, max(1, b - a), len(respondents))
        ids = np.array([f"ENG-{next_id + i:07d}" for i in range(len(respondents))], dtype=object)
        next_id += len(respondents)
        out.add(
            "hris.engagement_responses",
            {
                "response_id": np.repeat(ids, n_q),
                "survey_month": np.full(len(who), start + a),
                "responded_on": start + np.repeat(answered, n_q),
                "department": labels(DEPARTMENTS, wf.department[who]),
                "org_unit": np.array([wf.units[u].code for u in wf.unit[who]], dtype=object),
                "region_code": labels(REGION_CODES, wf.region[who]),
                "question_id": np.array([ENGAGEMENT_QUESTIONS[i][0] for i in q], dtype=object),
                "question": np.array([ENGAGEMENT_QUESTIONS[i][1] for i in q], dtype=object),
                "score": score,
            },
            np.repeat(answered, n_q),
        )

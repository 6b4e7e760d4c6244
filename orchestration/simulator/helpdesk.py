"""Helpdesk (customer service): tickets with first response and resolution, CSAT after solved
tickets and NPS surveys after purchases.

Tickets come from late parcels, returns, damaged deliveries and general questions. Each CS team
answers first in, first out with a capacity set by its staff and their skill (HRIS); resolution
time depends on the agent's skill. CSAT falls with slow service and late parcels, and unhappy
customers become less likely to buy again.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from orchestration.simulator.columns import codes, labels
from orchestration.simulator.company import CompanyState
from orchestration.simulator.crm import Crm
from orchestration.simulator.exports import Exporter
from orchestration.simulator.hris import TICKETS_PER_AGENT_DAY, WEEKEND_STAFFING, Workforce
from orchestration.simulator.oms import B2B, RETAIL, CustomerBase, Orders
from orchestration.simulator.queueing import fifo_service_days
from orchestration.simulator.reference import (
    CS_TEAM_CODES,
    CS_TEAM_TZ,
    REGION_CODES,
    REGION_CS_TEAM,
    REGION_TZ,
    SALES_CHANNELS,
)
from orchestration.simulator.rng import stream
from orchestration.simulator.timefmt import DAY, HOUR, NAT
from orchestration.simulator.writers import json_objects

CATEGORIES = ("delivery", "return", "product", "billing", "account")
_RESOLUTION_HOURS = np.array([18.0, 26.0, 12.0, 10.0, 8.0])  # typical, for a fully skilled agent
CHANNELS = ("email", "chat", "phone", "social")
_CHANNEL_P = (0.45, 0.3, 0.2, 0.05)
_B2B_CHANNEL_P = (0.7, 0.0, 0.3, 0.0)
_SAME_DAY_REPLY_HOURS = np.array([2.0, 0.05, 0.02, 3.0])  # median first response when not queued
PRIORITIES = ("low", "normal", "high", "urgent")
_SUBJECTS = {
    "delivery": ("Where is my order?", "Parcel has not arrived", "Parcel arrived damaged"),
    "return": ("Return request", "Refund not received yet"),
    "product": ("Question about a product", "Size advice", "Product stopped working"),
    "billing": ("Charged twice", "Invoice request", "Discount code not applied"),
    "account": ("Cannot log in", "Change my address", "Delete my account"),
}
_COMMENTS = {
    1: "Nobody helped me.",
    2: "Took far too long.",
    3: "Okay in the end.",
    4: "Helpful, thanks.",
    5: "Quick and friendly, thank you!",
}
_NPS_COMMENTS = ("Late again.", "Fine.", "Great products, fast delivery.")
_OVERTIME = 0.5  # extra capacity a team finds when tickets pile up
_CSAT_RESPONSE_RATE = 0.3
_NPS_SURVEY_RATE = 0.04
_LOW_CSAT_WEIGHT = 0.6


class Helpdesk:
    def __init__(self, state: CompanyState, wf: Workforce, crm: Crm, customers: CustomerBase) -> None:
        self.state, self.wf, self.crm, self.customers = state, wf, crm, customers
        cal = state.calendar
        active = (wf.hire_day[wf.agents][None, :] <= np.arange(cal.n_total)[:, None]) & (
            wf.exit_day[wf.agents][None, :] > np.arange(cal.n_total)[:, None]
        )
        self.agent_active = active
        effort = active * wf.fte[wf.agents][None, :] * wf.agent_skill
        staffing = np.where(cal.weekday >= 5, WEEKEND_STAFFING, 1.0)[:, None]
        self.capacity = (
            np.stack([effort[:, wf.agent_team == t].sum(axis=1) for t in range(len(CS_TEAM_CODES))], axis=1)
            * TICKETS_PER_AGENT_DAY
            * staffing
        )
        self.carry = np.zeros(len(CS_TEAM_CODES))
        self.pending: list[dict[str, np.ndarray]] = []
        self.next_ticket = self.next_csat = self.next_nps = 1

    def collect(self, month: int, o: Orders, returns: dict[str, np.ndarray]) -> None:
        """Tickets the month's orders will cause (some are created in later months)."""
        rng = stream(self.state.seed, "helpdesk", "collect", month)
        customer_id = o.customer_ids(self.crm).to_numpy(zero_copy_only=False)
        order_id = o.order_id.to_numpy(zero_copy_only=False).astype(object)
        late = o.late_days()
        n = len(o.placed)
        parts = []

        def add(
            pos: np.ndarray, created: np.ndarray, category: int, with_order: np.ndarray | bool = True
        ) -> None:
            with_order = np.broadcast_to(with_order, len(pos))
            parts.append(
                {
                    "created": np.maximum(created, o.placed[pos] + 600),  # never before the order
                    "region": o.region[pos],
                    "category": np.full(len(pos), category),
                    "order_id": np.where(with_order, order_id[pos], None),
                    "customer_id": customer_id[pos],
                    "customer": o.customer[pos],
                    "late": late[pos],
                    "b2b": o.channel[pos] == B2B,
                    "spam": np.zeros(len(pos), dtype=bool),
                }
            )

        late_pos = np.flatnonzero((late > 0) & (rng.random(n) < np.minimum(0.75, 0.3 + 0.1 * late)))
        add(late_pos, o.promised[late_pos] + (rng.uniform(0.2, 2.0, len(late_pos)) * DAY).astype(np.int64), 0)
        damaged = np.flatnonzero((o.delivered != NAT) & (rng.random(n) < 0.01))
        add(damaged, o.delivered[damaged] + (rng.uniform(0.1, 1.5, len(damaged)) * DAY).astype(np.int64), 0)
        asked = rng.random(len(returns["order"])) < 0.25
        ret, ret_time = returns["order"][asked], returns["returned"][asked]
        add(ret, ret_time - (rng.uniform(0, 2, len(ret)) * DAY).astype(np.int64), 1)
        p_general = np.where(o.channel == RETAIL, 0.01, 0.03)
        general = np.flatnonzero(rng.random(n) < p_general)
        created = o.placed[general] + (rng.uniform(0.05, 10, len(general)) * DAY).astype(np.int64)
        category = rng.choice([2, 3, 4], len(general), p=[0.5, 0.3, 0.2])
        for c in (2, 3, 4):
            mine = category == c
            add(general[mine], created[mine], c, with_order=rng.random(int(mine.sum())) < 0.7)
        # Prospects without an order, and spam that is deleted soon after.
        for spam in (False, True):
            k = rng.poisson(0.004 * n)
            src = rng.integers(0, max(n, 1), k) if n else np.zeros(0, dtype=np.int64)
            add(src, o.placed[src] + (rng.uniform(0, 30, k) * DAY).astype(np.int64), 2 if spam else 4, False)
            parts[-1]["customer_id"] = np.full(k, None, dtype=object)
            parts[-1]["customer"] = np.full(k, -1)
            parts[-1]["spam"][:] = spam
        self.pending.append({k: np.concatenate([p[k] for p in parts]) for k in parts[0]})

    def process(self, month: int, a: int, b: int, out: Exporter) -> None:
        """Answer and resolve every pending ticket created before day ``b``."""
        if not self.pending:
            return
        rng = stream(self.state.seed, "helpdesk", "process", month)
        clock, wf = self.state.clock, self.wf
        pool = {k: np.concatenate([p[k] for p in self.pending]) for k in self.pending[0]}
        team = REGION_CS_TEAM[pool["region"]]
        team_tz = CS_TEAM_TZ[team]
        day = clock.local_day(pool["created"], team_tz)
        now = day < b
        self.pending = [{k: v[~now] for k, v in pool.items()}]
        t = {k: v[now] for k, v in pool.items()}
        order = np.argsort(t["created"], kind="stable")
        t = {k: v[order] for k, v in t.items()}
        team, team_tz, day = team[now][order], team_tz[now][order], day[now][order]
        n = len(day)
        channel = np.where(t["b2b"], rng.choice(4, n, p=_B2B_CHANNEL_P), rng.choice(4, n, p=_CHANNEL_P))
        priority = rng.choice(4, n, p=[0.25, 0.6, 0.12, 0.03])
        priority = np.where(
            (t["late"] > 3) | (t["b2b"] & (rng.random(n) < 0.5)), np.maximum(priority, 2), priority
        )

        reply_day = np.empty(n, dtype=np.int64)
        horizon = self.state.calendar.n_total
        for k in range(len(CS_TEAM_CODES)):
            mine = np.flatnonzero(team == k)
            first = min(a, max(0, int(day[mine].min()))) if len(mine) else a
            reply_day[mine], carry = fifo_service_days(
                day[mine], self.capacity[first:horizon, k], first, b, self.carry[k], surge=_OVERTIME
            )
            self.carry[k] = carry
        same_day = reply_day == day
        quick = t["created"] + (rng.lognormal(0, 0.8, n) * _SAME_DAY_REPLY_HOURS[channel] * HOUR).astype(
            np.int64
        )
        queued = clock.to_utc(clock.day_start(reply_day) + rng.integers(8 * HOUR, 17 * HOUR, n), team_tz)
        first_response = np.maximum(np.where(same_day, quick, queued), t["created"] + 60)
        agent = self._agents(rng, team, np.minimum(reply_day, horizon - 1))
        skill = wf.agent_skill[np.minimum(reply_day, horizon - 1), agent]
        hours = rng.lognormal(np.log(_RESOLUTION_HOURS[t["category"]] / skill**2), 0.5)
        resolved = first_response + (hours * HOUR).astype(np.int64)
        spam = t["spam"]
        deleted_at = t["created"] + rng.integers(HOUR // 2, 6 * HOUR, n)
        first_response = np.where(spam, NAT, first_response)
        resolved = np.where(spam, NAT, resolved)
        end = clock.t0 + horizon * DAY
        first_response = np.where(first_response < end, first_response, NAT)
        resolved = np.where((resolved < end) & (first_response != NAT), resolved, NAT)

        ids = codes("T-", np.arange(self.next_ticket, self.next_ticket + n), 8)
        self.next_ticket += n
        self._export_tickets(
            rng, t, ids, team, team_tz, channel, priority, agent, first_response, resolved, deleted_at, out
        )
        self._csat(rng, t, ids, team_tz, agent, first_response, resolved, out)

    def _agents(self, rng: np.random.Generator, team: np.ndarray, day: np.ndarray) -> np.ndarray:
        """An active agent of the team on the day (weighted by FTE), as a position in ``wf.agents``."""
        wf = self.wf
        agent = np.empty(len(team), dtype=np.int64)
        keys = team * self.state.calendar.n_total + day
        for key in np.unique(keys):
            mine = np.flatnonzero(keys == key)
            k, d = divmod(int(key), self.state.calendar.n_total)
            candidates = np.flatnonzero((wf.agent_team == k) & self.agent_active[d])
            if not len(candidates):
                candidates = np.flatnonzero(wf.agent_team == k)
            weight = wf.fte[wf.agents[candidates]]
            agent[mine] = rng.choice(candidates, len(mine), p=weight / weight.sum())
        return agent

    def _agent_json(self, agent: np.ndarray, team: np.ndarray) -> pa.Array:
        ids, names, _ = self.wf.owner_json(self.wf.agents[agent])
        return json_objects(
            {
                "id": pa.array(ids, pa.string()),
                "name": pa.array(names, pa.string()),
                "team": labels(CS_TEAM_CODES, team),
            }
        )

    def _export_tickets(
        self, rng, t, ids, team, tz, channel, priority, agent, first_response, resolved, deleted_at, out
    ) -> None:
        clock = self.state.clock
        n = len(team)
        spam = t["spam"]
        # One version per update: new, open (first response), solved; spam gets a deleted version.
        stages = [
            (np.arange(n), t["created"], 0),
            (np.flatnonzero(first_response != NAT), first_response, 1),
            (np.flatnonzero(resolved != NAT), resolved, 2),
            (np.flatnonzero(spam), deleted_at, 3),
        ]
        pos = np.concatenate([s[0] for s in stages])
        when = np.concatenate([s[1][s[0]] for s in stages])
        stage = np.concatenate([np.full(len(s[0]), s[2]) for s in stages])
        subjects = np.array(
            [_SUBJECTS[CATEGORIES[c]][rng.integers(0, len(_SUBJECTS[CATEGORIES[c]]))] for c in t["category"]],
            dtype=object,
        )
        agent_json = self._agent_json(agent, team)
        has_agent = (stage == 1) | (stage == 2)
        out.add(
            "helpdesk.tickets",
            {
                "ticket_id": ids.take(pa.array(pos)),
                "created_at": clock.iso(t["created"][pos], tz[pos]),
                "updated_at": clock.iso(when, tz[pos]),
                "status": labels(("new", "open", "solved", "new"), stage),
                "is_deleted": stage == 3,
                "channel": labels(CHANNELS, channel[pos]),
                "priority": labels(PRIORITIES, priority[pos]),
                "category": labels(CATEGORIES, t["category"][pos]),
                "subject": subjects[pos],
                "region_code": labels(REGION_CODES, t["region"][pos]),
                "team": labels(CS_TEAM_CODES, team[pos]),
                "customer_id": t["customer_id"][pos],
                "order_id": t["order_id"][pos],
                "agent": pc.if_else(
                    pa.array(has_agent), agent_json.take(pa.array(pos)), pa.scalar(None, pa.string())
                ),
                "first_response_at": clock.iso(np.where(stage >= 1, first_response[pos], NAT), tz[pos]),
                "resolved_at": clock.iso(np.where(stage == 2, resolved[pos], NAT), tz[pos]),
            },
            clock.local_day(when, tz[pos]),
        )

    def _csat(self, rng, t, ids, tz, agent, first_response, resolved, out) -> None:
        clock = self.state.clock
        done = np.flatnonzero((resolved != NAT) & (rng.random(len(resolved)) < _CSAT_RESPONSE_RATE))
        res_hours = (resolved[done] - t["created"][done]) / HOUR
        wait_hours = (first_response[done] - t["created"][done]) / HOUR
        latent = (
            4.9
            - 0.025 * np.minimum(res_hours, 120)
            - 0.3 * (wait_hours > 24)
            - 0.5 * np.minimum(t["late"][done], 4)
            + rng.normal(0, 0.75, len(done))
        )
        score = np.clip(np.round(latent), 1, 5).astype(np.int64)
        responded = resolved[done] + (rng.gamma(1.5, 0.6, len(done)) * DAY).astype(np.int64)
        unhappy = t["customer"][done][(score <= 2) & (t["customer"][done] >= 0)]
        self.customers.adjust(unhappy, _LOW_CSAT_WEIGHT)
        commented = rng.random(len(done)) < 0.3
        out.add(
            "helpdesk.csat_responses",
            {
                "response_id": codes("CSAT-", np.arange(self.next_csat, self.next_csat + len(done)), 8),
                "ticket_id": ids.take(pa.array(done)),
                "responded_at": clock.iso(responded, tz[done]),
                "score": score,
                "comment": np.where(commented, np.array([_COMMENTS[s] for s in score], dtype=object), None),
                "agent_id": self.wf.employee_id[self.wf.agents[agent[done]]],
            },
            clock.local_day(responded, tz[done]),
        )
        self.next_csat += len(done)

    def nps(self, month: int, o: Orders, returns: dict[str, np.ndarray], out: Exporter) -> None:
        """NPS survey a couple of weeks after delivery (or a store purchase)."""
        rng = stream(self.state.seed, "helpdesk", "nps", month)
        clock = self.state.clock
        received = np.where(o.channel == RETAIL, o.placed, o.delivered)
        asked = np.flatnonzero((received != NAT) & (rng.random(len(received)) < _NPS_SURVEY_RATE))
        returned = np.isin(np.arange(len(received)), returns["order"])[asked]
        late = o.late_days()[asked]
        latent = 8.4 - 0.6 * np.minimum(late, 6) - 1.2 * returned + rng.normal(0, 1.6, len(asked))
        score = np.clip(np.round(latent), 0, 10).astype(np.int64)
        responded = received[asked] + (rng.uniform(5, 20, len(asked)) * DAY).astype(np.int64)
        tz = REGION_TZ[o.region[asked]]
        band = np.digitize(score, [7, 9])
        out.add(
            "helpdesk.nps_responses",
            {
                "response_id": codes("NPS-", np.arange(self.next_nps, self.next_nps + len(asked)), 8),
                "customer_id": o.customer_ids(self.crm).take(pa.array(asked)),
                "order_id": o.order_id.take(pa.array(asked)),
                "region_code": labels(REGION_CODES, o.region[asked]),
                "sales_channel": labels(SALES_CHANNELS, o.channel[asked]),
                "responded_at": clock.iso(responded, tz),
                "score": score,
                "comment": labels(_NPS_COMMENTS, np.where(rng.random(len(asked)) < 0.25, band, -1)),
            },
            clock.local_day(responded, tz),
        )
        self.next_nps += len(asked)

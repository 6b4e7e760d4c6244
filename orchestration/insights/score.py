"""How well the insights layer finds what the simulator planted.

```bash
python -m orchestration.insights.score \
    --warehouse data/warehouse/upt.duckdb --truth data/simulator/ground_truth.json
```

A planted scenario counts as found when `insights.fct_anomalies` has an anomaly at or above the
alert level on one of the scenario's effects (the truth's KPI names mapped to the warehouse's
series below), moving the way the truth says, in the effect's region or org unit, within 7 days
of the planted window shifted by the effect's lag, and one of its three likely causes is
upstream of that effect in the planted cause chain. A false alarm is an anomaly at or above the
alert level that no planted scenario explains: outside every scenario's window (from 7 days
before its start to 7 days after its end plus its longest lag) or outside its scope (its regions;
the ALL total only for the scenario's own series). Without a truth file every alert is a false alarm.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb

ALERT_SEVERITY_RANK = 2  # "unusual": the level stakeholders are told about
WINDOW_SLACK_DAYS = 7

# The ground truth names what moved in the business's words; the warehouse tracks series. Names
# with no series (agent skill, headcount, a site release, online orders) are not observable and
# never count as found or as a cause. `{channel}` is filled from the scope.
TRUTH_SERIES: dict[str, tuple[str, ...]] = {
    "training_hours": ("cs_training_hours_per_agent", "training_hours_per_employee"),
    "training_hours_per_employee": ("cs_training_hours_per_agent", "training_hours_per_employee"),
    "resolution_time": ("resolution_time_hours",),
    "csat": ("csat_score",),
    "nps": ("nps",),
    "fulfilment_time": ("fulfilment_time_hours",),
    "on_time_delivery_rate": ("on_time_delivery_rate",),
    "repeat_purchase_rate": ("repeat_purchase_rate",),
    "attrition_rate": ("attrition_rate",),
    "conversion_rate": ("conversion_rate",),
    "checkout_to_purchase_rate": ("funnel_purchase",),
    "funnel_dropoff": ("funnel_purchase",),
    "revenue": ("revenue",),
    "marketing_spend": ("ad_spend_{channel}",),
    "sessions": ("sessions_{channel}",),
}


class TruthFileError(ValueError):
    """The ground-truth file is not what the simulator writes."""


@dataclass(frozen=True)
class Anomaly:
    metric_id: str
    org_unit_id: str
    region_code: str
    period_grain: str
    period_start: date
    period_end: date
    robust_z: float
    drivers: tuple[str, ...]

    def describe(self) -> str:
        causes = ", ".join(self.drivers) or "none"
        return (
            f"{self.metric_id} {self.region_code} {self.period_grain} of {self.period_start} "
            f"(z {self.robust_z:+.1f}; causes: {causes})"
        )


@dataclass(frozen=True)
class Effect:
    series: tuple[str, ...]
    regions: frozenset[str]
    org_units: frozenset[str]
    first_day: date
    last_day: date
    causes: frozenset[str]
    sign: int  # +1 when the truth says the effect goes up, -1 down


@dataclass
class ScenarioResult:
    name: str
    start_date: date
    end_date: date
    found: bool
    evidence: Anomaly | None = None
    near_misses: list[Anomaly] = field(default_factory=list)


@dataclass
class DetectionScore:
    scenarios: list[ScenarioResult]
    false_alarms: list[Anomaly]
    alerts: int
    rated_periods: int

    @property
    def found(self) -> int:
        return sum(s.found for s in self.scenarios)

    @property
    def false_alarm_rate(self) -> float:
        """False alarms per rated day or week of a series."""
        return len(self.false_alarms) / self.rated_periods if self.rated_periods else 0.0

    def report(self) -> str:
        lines = []
        for s in self.scenarios:
            status = "found" if s.found else "MISSED"
            lines.append(f"{s.name} ({s.start_date} to {s.end_date}): {status}")
            if s.evidence:
                lines.append(f"  {s.evidence.describe()}")
            elif s.near_misses:
                count = len(s.near_misses)
                lines.append(f"  alerts on its effects with no planted cause among the top three: {count}")
                lines.extend(f"  {a.describe()}" for a in s.near_misses[:3])
        if self.scenarios:
            lines.append(f"found/planted: {self.found}/{len(self.scenarios)}")
        by_grain: dict[str, int] = {}
        for a in self.false_alarms:
            by_grain[a.period_grain] = by_grain.get(a.period_grain, 0) + 1
        detail = ", ".join(f"{n} {grain}" for grain, n in sorted(by_grain.items())) or "none"
        lines.append(
            f"false alarms: {len(self.false_alarms)} of {self.alerts} alerts ({detail}); "
            f"{self.false_alarm_rate:.2%} of {self.rated_periods} rated series-periods"
        )
        return "\n".join(lines)


def read_alerts(warehouse: Path) -> tuple[list[Anomaly], int]:
    """Every rated anomaly at or above the alert level, with its likely causes, and how many
    series-periods were rated in all."""
    if not warehouse.exists():
        raise FileNotFoundError(f"{warehouse}: no such warehouse file")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            """
            select metric_id, org_unit_id, region_code, period_grain, period_start, period_end, robust_z,
                driver_1_metric_id, driver_2_metric_id, driver_3_metric_id
            from insights.fct_anomalies
            where is_rated and severity_rank >= ?
            order by period_start, metric_id, region_code, period_grain
            """,
            [ALERT_SEVERITY_RANK],
        ).fetchall()
        (rated,) = con.execute("select count(*) from insights.fct_anomalies where is_rated").fetchone()
    except duckdb.CatalogException as error:
        raise RuntimeError(
            f"{warehouse}: insights.fct_anomalies is missing; build the dbt project first"
        ) from error
    finally:
        con.close()
    alerts = [
        Anomaly(m, o, r, g, s, e, z, tuple(d for d in (d1, d2, d3) if d))
        for m, o, r, g, s, e, z, d1, d2, d3 in rows
    ]
    return alerts, rated


def _day(value: object, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise TruthFileError(f"{where}: expected a date like 2025-03-01, got {value!r}") from error


def _series(name: str, scope: dict) -> tuple[str, ...]:
    channel = scope.get("channel")
    names = TRUTH_SERIES.get(name, ())
    return tuple(n.format(channel=channel) for n in names if "{channel}" not in n or channel)


def _regions(*scopes: dict) -> frozenset[str]:
    for scope in scopes:
        codes = scope.get("region_codes") or ([scope["region_code"]] if scope.get("region_code") else [])
        if codes:
            return frozenset(codes)
    return frozenset()


def _upstream(node: str, chain: Sequence[dict]) -> set[str]:
    """Every cause upstream of `node` in the planted cause chain."""
    seen: set[str] = set()
    frontier = [node]
    while frontier:
        current = frontier.pop()
        for link in chain:
            if link["effect"] == current and link["cause"] not in seen:
                seen.add(link["cause"])
                frontier.append(link["cause"])
    return seen


def scenario_effects(scenario: dict, where: str) -> list[Effect]:
    try:
        scope, chain = scenario["scope"], scenario["cause_chain"]
        start, end = _day(scenario["start_date"], where), _day(scenario["end_date"], where)
        effects = []
        for effect in scenario["effects"]:
            effect_scope = effect.get("scope", {})
            lag = timedelta(days=int(effect.get("lag_days", 0)))
            causes = {
                s for cause in _upstream(effect["kpi"], chain) for s in _series(cause, scope | effect_scope)
            }
            effects.append(
                Effect(
                    series=_series(effect["kpi"], scope | effect_scope),
                    regions=_regions(effect_scope, scope),
                    org_units=frozenset(
                        u for u in (effect_scope.get("org_unit"), scope.get("org_unit")) if u
                    ),
                    first_day=start + lag - timedelta(days=WINDOW_SLACK_DAYS),
                    last_day=end + lag + timedelta(days=WINDOW_SLACK_DAYS),
                    causes=frozenset(causes),
                    sign=1 if effect.get("direction") == "up" else -1,
                )
            )
    except KeyError as error:
        raise TruthFileError(f"{where}: missing field {error.args[0]!r}") from error
    return effects


def _in_effect(anomaly: Anomaly, effect: Effect) -> bool:
    return (
        anomaly.metric_id in effect.series
        and anomaly.robust_z * effect.sign > 0
        and (anomaly.region_code in effect.regions or anomaly.org_unit_id in effect.org_units)
        and anomaly.period_start <= effect.last_day
        and anomaly.period_end >= effect.first_day
    )


def _explained(anomaly: Anomaly, effects: Iterable[Effect]) -> bool:
    effects = list(effects)
    if not effects:
        return False
    first = min(e.first_day for e in effects)
    last = max(e.last_day for e in effects)
    regions = frozenset().union(*(e.regions for e in effects))
    own_series = frozenset().union(*(set(e.series) | e.causes for e in effects))
    in_window = anomaly.period_start <= last and anomaly.period_end >= first
    in_scope = anomaly.region_code in regions or (
        anomaly.region_code == "ALL" and anomaly.metric_id in own_series
    )
    return in_window and in_scope


def score(warehouse: Path, truth: Path | None) -> DetectionScore:
    alerts, rated_periods = read_alerts(warehouse)
    scenarios: list[dict] = []
    if truth is not None:
        try:
            scenarios = json.loads(truth.read_text())["scenarios"]
        except (OSError, json.JSONDecodeError, KeyError, TypeError) as error:
            raise TruthFileError(
                f"{truth}: expected the simulator's ground truth JSON with 'scenarios' ({error})"
            ) from error
    results, all_effects = [], []
    for i, scenario in enumerate(scenarios):
        where = f"{truth}: scenarios[{i}]"
        effects = scenario_effects(scenario, where)
        all_effects.append(effects)
        matching = [a for a in alerts if any(_in_effect(a, e) for e in effects)]
        with_cause = [
            a for a in matching if any(_in_effect(a, e) and e.causes.intersection(a.drivers) for e in effects)
        ]
        results.append(
            ScenarioResult(
                name=scenario.get("name", f"scenario {i}"),
                start_date=_day(scenario["start_date"], where),
                end_date=_day(scenario["end_date"], where),
                found=bool(with_cause),
                evidence=max(with_cause, key=lambda a: abs(a.robust_z)) if with_cause else None,
                near_misses=sorted(matching, key=lambda a: -abs(a.robust_z)),
            )
        )
    false_alarms = [a for a in alerts if not any(_explained(a, effects) for effects in all_effects)]
    return DetectionScore(
        scenarios=results, false_alarms=false_alarms, alerts=len(alerts), rated_periods=rated_periods
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m orchestration.insights.score",
        description="Score the insights layer's anomaly detection against the simulator's ground truth.",
    )
    parser.add_argument("--warehouse", type=Path, required=True, help="the DuckDB warehouse file")
    parser.add_argument(
        "--truth", type=Path, help="the simulator's ground_truth.json (leave out: count false alarms only)"
    )
    args = parser.parse_args(argv)
    try:
        result = score(args.warehouse, args.truth)
    except (FileNotFoundError, RuntimeError, TruthFileError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(result.report())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

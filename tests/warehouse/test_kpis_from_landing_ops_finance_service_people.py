"""Operations, finance, customer-service and people KPIs of the small company, recomputed from the
landing files alone (pandas, pyarrow and json; never the warehouse or the dbt models), equal the
scorecard mart's monthly values for all regions.

Each recomputation applies the landing contracts' rules itself: the latest version per record,
one row per primary key for re-sent rows, soft-deleted tickets left out, the renamed ticket
column, UTC days from timestamps with offsets, and local currencies converted with the order
system's rates of the posting date.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from tests.company import SmallCompany, mart_kpi

REL_TOL = 1e-9

Monthly = dict[str, float]


# --- reading the landing files ----------------------------------------------------------------


def _csv(landing: Path, folder: str, pattern: str) -> pd.DataFrame:
    """Every CSV file of a table as text (empty cells are missing), with its file name."""
    files = sorted((landing / folder).glob(pattern))
    assert files, f"no landing files {folder}/{pattern}"
    frames = [pd.read_csv(path, dtype=str).assign(_file=path.name) for path in files]
    return pd.concat(frames, ignore_index=True)


def _json(landing: Path, folder: str, pattern: str, aliases: dict[str, str] | None = None) -> pd.DataFrame:
    """Every JSON array file of a table, old column names mapped to the current ones."""
    files = sorted((landing / folder).glob(pattern))
    assert files, f"no landing files {folder}/{pattern}"
    rows = []
    for path in files:
        for record in json.loads(path.read_text()):
            for old, new in (aliases or {}).items():
                if old in record:
                    record.setdefault(new, record.pop(old))
            record["_file"] = path.name
            rows.append(record)
    return pd.DataFrame(rows)


def _parquet(landing: Path, folder: str, pattern: str) -> pd.DataFrame:
    files = sorted((landing / folder).glob(pattern))
    assert files, f"no landing files {folder}/{pattern}"
    return pd.concat(
        [pq.read_table(path).to_pandas().assign(_file=path.name) for path in files], ignore_index=True
    )


def _utc(values: pd.Series) -> pd.Series:
    """Timestamps with any UTC offset (text or tz-aware) as naive UTC timestamps."""
    return pd.to_datetime(values, utc=True, format="ISO8601").dt.tz_convert(None)


def _month(values: pd.Series) -> pd.Series:
    """First day of the month (ISO text) of dates or timestamps."""
    return pd.to_datetime(values).dt.to_period("M").dt.start_time.dt.strftime("%Y-%m-%d")


def _latest(frame: pd.DataFrame, key: list[str], order: list[str]) -> pd.DataFrame:
    """The last row per key by ``order`` (ties: the later file)."""
    return frame.sort_values([*order, "_file"], kind="stable").groupby(key, sort=False).tail(1)


# --- the KPI arithmetic of the catalogue -------------------------------------------------------


def _ratio(numerator: Monthly, denominator: Monthly, scale: float = 1.0) -> dict[str, float | None]:
    """Numerator sum over denominator sum per month, times the scale factor; null without either
    or for a zero denominator (as the mart does)."""
    values: dict[str, float | None] = {}
    for month in set(numerator) | set(denominator):
        num, den = numerator.get(month), denominator.get(month)
        values[month] = None if num is None or den is None or den == 0 else num * scale / den
    return values


def _assert_equal_to_mart(company: SmallCompany, kpi_id: str, expected: dict[str, float | None]) -> None:
    actual = mart_kpi(company, kpi_id)
    assert expected, f"{kpi_id}: nothing recomputed from the landing files"
    assert set(actual) == set(expected), f"{kpi_id}: months differ"
    assert any(value is not None for value in expected.values()), f"{kpi_id}: no value to compare"
    for month, value in sorted(expected.items()):
        if value is None:
            assert actual[month] is None, f"{kpi_id} {month}"
        else:
            assert actual[month] is not None, f"{kpi_id} {month}: no value in the mart"
            assert math.isclose(actual[month], value, rel_tol=REL_TOL), (
                f"{kpi_id} {month}: mart {actual[month]!r}, landing files {value!r}"
            )


# --- operations --------------------------------------------------------------------------------


def _on_time_delivery(landing: Path) -> dict[str, float | None]:
    """Shipments delivered at or before the promised time over shipments delivered, by the UTC
    month of delivery; the latest version of each shipment."""
    shipments = _parquet(landing, "erp/shipments", "shipments_*.parquet")
    for column in ("promised_at", "delivered_at", "updated_at"):
        shipments[column] = _utc(shipments[column])
    shipments = shipments.drop_duplicates(["shipment_id", "updated_at"])
    latest = _latest(shipments, ["shipment_id"], ["updated_at"])
    delivered = latest[latest["status"] == "delivered"].copy()
    delivered["month"] = _month(delivered["delivered_at"])
    delivered["on_time"] = (delivered["delivered_at"] <= delivered["promised_at"]).astype(float)
    by_month = delivered.groupby("month")
    return _ratio(by_month["on_time"].sum().to_dict(), by_month.size().astype(float).to_dict())


# --- finance -----------------------------------------------------------------------------------


def _opex_vs_budget(landing: Path) -> dict[str, float | None]:
    """Opex journal lines (debit minus credit) in USD at the rate of the posting date, by posting
    month, over the opex budget spread evenly over the month's days up to the latest posting date."""
    accounts = _latest(_csv(landing, "ledger/chart_of_accounts", "*.csv"), ["account_code"], ["updated_at"])
    opex_accounts = set(accounts.loc[accounts["account_type"] == "opex", "account_code"])

    lines = _csv(landing, "ledger/journal_entries", "*.csv")
    lines = _latest(lines, ["entry_id", "line_number"], ["created_at"])
    last_posting = pd.Timestamp(lines["posting_date"].max())
    rates = _latest(_csv(landing, "oms/fx_rates", "*.csv"), ["rate_date", "currency"], [])
    opex = lines[lines["account_code"].isin(opex_accounts)].merge(
        rates, left_on=["posting_date", "currency"], right_on=["rate_date", "currency"], how="left"
    )
    assert opex["usd_per_unit"].notna().all(), "every opex line has a rate"
    net_debit = opex["debit"].astype(float) - opex["credit"].astype(float)
    opex["usd"] = net_debit * opex["usd_per_unit"].astype(float)
    opex["month"] = _month(opex["posting_date"])
    actual = opex.groupby("month")["usd"].sum().to_dict()

    budget = _latest(
        _csv(landing, "ledger/budget", "*.csv"),
        ["budget_month", "account_code", "department", "region_code"],
        ["approved_at"],
    )
    budget = budget[budget["account_code"].isin(opex_accounts)].copy()
    start = pd.to_datetime(budget["budget_month"])
    days_in_month = start.dt.days_in_month
    month_end = start + pd.to_timedelta(days_in_month - 1, unit="D")
    covered_days = ((month_end.clip(upper=last_posting) - start).dt.days + 1).clip(lower=0)
    budget["usd"] = budget["amount"].astype(float) / days_in_month * covered_days
    budget["month"] = _month(start)
    budget = budget[covered_days > 0]
    planned = budget.groupby("month")["usd"].sum().to_dict()
    return _ratio(actual, planned)


# --- customer service --------------------------------------------------------------------------


def _tickets(landing: Path) -> pd.DataFrame:
    """The latest version of every ticket that was never soft-deleted, times in UTC."""
    # Files of the previous export version name first_response_at first_reply_at.
    aliases = {"first_reply_at": "first_response_at"}
    tickets = _json(landing, "helpdesk/tickets", "tickets_*.json", aliases=aliases)
    for column in ("created_at", "updated_at", "first_response_at", "resolved_at"):
        tickets[column] = _utc(tickets[column])
    deleted = set(tickets.loc[tickets["is_deleted"].astype(bool), "ticket_id"])
    latest = _latest(tickets, ["ticket_id"], ["updated_at"])
    return latest[~latest["ticket_id"].isin(deleted)].copy()


def _resolution_time(landing: Path) -> dict[str, float | None]:
    """Hours from creation to resolution over tickets resolved, by the UTC month of resolution."""
    resolved = _tickets(landing).dropna(subset=["resolved_at"])
    resolved["hours"] = (resolved["resolved_at"] - resolved["created_at"]).dt.total_seconds() / 3600.0
    resolved["month"] = _month(resolved["resolved_at"])
    by_month = resolved.groupby("month")
    return _ratio(by_month["hours"].sum().to_dict(), by_month.size().astype(float).to_dict())


def _csat_score(landing: Path) -> dict[str, float | None]:
    """Average survey score (1 to 5) by the UTC month of the answer; re-sent answers once."""
    answers = _json(landing, "helpdesk/csat", "csat_*.json").drop_duplicates("response_id")
    answers["month"] = _month(_utc(answers["responded_at"]))
    by_month = answers.groupby("month")
    return _ratio(by_month["score"].sum().astype(float).to_dict(), by_month.size().astype(float).to_dict())


def _nps(landing: Path) -> dict[str, float | None]:
    """Promoters (9-10) minus detractors (0-6) over responses, in points, by UTC month."""
    answers = _json(landing, "helpdesk/nps", "nps_*.json").drop_duplicates("response_id")
    answers["month"] = _month(_utc(answers["responded_at"]))
    score = answers["score"].astype(int)
    answers["net"] = (score >= 9).astype(float) - (score <= 6).astype(float)
    by_month = answers.groupby("month")
    return _ratio(by_month["net"].sum().to_dict(), by_month.size().astype(float).to_dict(), scale=100)


# --- people ------------------------------------------------------------------------------------


def _employment(landing: Path) -> pd.DataFrame:
    """Per monthly snapshot row, the days the employee counts: the snapshot covers its month up to
    the snapshot day (from the day after the previous snapshot when a month has several), from the
    hire date to the exit date (last working day)."""
    employees = _csv(landing, "hris/employees", "employees_*.csv").drop_duplicates(
        ["snapshot_date", "employee_id"], keep="last"
    )
    for column in ("snapshot_date", "hire_date", "exit_date"):
        employees[column] = pd.to_datetime(employees[column])
    covered_from, previous = {}, None
    for snapshot in sorted(employees["snapshot_date"].unique()):
        snapshot = pd.Timestamp(snapshot)
        month_start = snapshot.replace(day=1)
        after_previous = previous is not None and previous >= month_start
        covered_from[snapshot] = previous + pd.Timedelta(days=1) if after_previous else month_start
        previous = snapshot
    start = employees["snapshot_date"].map(covered_from)
    employees["from"] = employees["hire_date"].where(employees["hire_date"] > start, start)
    end = employees["exit_date"].fillna(employees["snapshot_date"])
    employees["to"] = end.where(end < employees["snapshot_date"], employees["snapshot_date"])
    employees["days"] = ((employees["to"] - employees["from"]).dt.days + 1).clip(lower=0)
    return employees


def _employee_days(employees: pd.DataFrame) -> Monthly:
    counted = employees[employees["days"] > 0]
    return counted.groupby(_month(counted["snapshot_date"]))["days"].sum().astype(float).to_dict()


def _training_hours_per_employee(landing: Path) -> dict[str, float | None]:
    """Training hours of courses completed in the month over employee-days, times 30.4."""
    training = _csv(landing, "hris/training", "training_completions_*.csv").drop_duplicates("completion_id")
    hours = training.groupby(_month(training["completed_on"]))["hours"].apply(lambda h: h.astype(float).sum())
    return _ratio(hours.to_dict(), _employee_days(_employment(landing)), scale=30.4)


def _attrition(landing: Path) -> dict[str, float | None]:
    """Exits (last working days in the covered employment) over employee-days, times 365."""
    employees = _employment(landing)
    days = _employee_days(employees)
    leaving = employees[
        employees["exit_date"].notna()
        & (employees["exit_date"] >= employees["from"])
        & (employees["exit_date"] <= employees["to"])
    ]
    exits = leaving.groupby(_month(leaving["exit_date"])).size().astype(float).to_dict()
    return _ratio({month: exits.get(month, 0.0) for month in days}, days, scale=365)


RECOMPUTED: dict[str, Callable[[Path], dict[str, float | None]]] = {
    "on_time_delivery_rate": _on_time_delivery,
    "csat_score": _csat_score,
    "nps": _nps,
    "resolution_time_hours": _resolution_time,
    "training_hours_per_employee": _training_hours_per_employee,
    "attrition_rate": _attrition,
    "opex_vs_budget": _opex_vs_budget,
}


@pytest.mark.parametrize("kpi_id", list(RECOMPUTED))
def test_monthly_kpi_equals_the_recomputation_from_landing_files(
    small_company: SmallCompany, kpi_id: str
) -> None:
    expected = RECOMPUTED[kpi_id](small_company.landing_dir)
    _assert_equal_to_mart(small_company, kpi_id, expected)

"""Sales and marketing KPIs of the mart equal an independent computation from the landing files.

Every expected value is computed here with pandas straight from the exports in the landing folder,
applying the rules the landing contracts document: the latest version of an order wins (by
updated_at), re-sent rows count once, cancelled orders carry no revenue, days are UTC days, ad
spend files before the cut-over call the spend column `cost`, and amounts are converted to US
dollars at the rate of their day (a day without a published rate takes the latest earlier one, or
the first one when there is none before). Nothing is read from the warehouse but the KPI mart.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from tests.company import SmallCompany, mart_kpi

UNPAID_CHANNELS = ("organic", "direct")
# The months the small company covers from the first to the last day.
FULL_MONTHS = ("2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01")


# -- reading the landing files -------------------------------------------------------------------


def _csv_files(landing: Path, system: str, table: str) -> pd.DataFrame:
    paths = sorted((landing / system / table).glob(f"{table}_*.csv"))
    assert paths, f"no landing files for {system}.{table}"
    return pd.concat(
        [pd.read_csv(path, dtype=str, keep_default_na=False) for path in paths], ignore_index=True
    )


def _parquet_files(landing: Path, system: str, table: str) -> pd.DataFrame:
    paths = sorted((landing / system / table).glob(f"{table}_*.parquet"))
    assert paths, f"no landing files for {system}.{table}"
    return pd.concat([pq.read_table(path).to_pandas() for path in paths], ignore_index=True)


def _utc(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values, utc=True, format="ISO8601")


def _month(days: pd.Series) -> pd.Series:
    """ISO date of the first day of the month, as mart_kpi names periods."""
    return pd.to_datetime(days).dt.strftime("%Y-%m-01")


# -- the documented rules ------------------------------------------------------------------------


def _fx_rates(landing: Path) -> pd.DataFrame:
    rates = _csv_files(landing, "oms", "fx_rates")
    rates["rate_date"] = pd.to_datetime(rates["rate_date"])
    rates["usd_per_unit"] = rates["usd_per_unit"].astype(float)
    return rates.drop_duplicates(["rate_date", "currency"], keep="last")


def _to_usd(frame: pd.DataFrame, amount: str, day: str, rates: pd.DataFrame) -> pd.Series:
    """`amount` in US dollars at the rate of `day` for the row's currency: the rate published for
    that day, else the latest earlier one, else the currency's first rate."""
    keyed = frame[[day, "currency"]].copy()
    keyed["_day"] = pd.to_datetime(keyed[day])
    keyed["_row"] = range(len(keyed))
    found = []
    for currency, rows in keyed.groupby("currency"):
        table = rates[rates["currency"] == currency].sort_values("rate_date")
        assert len(table), f"no rate for {currency}"
        rows = rows.sort_values("_day")
        merged = pd.merge_asof(rows, table, left_on="_day", right_on="rate_date", direction="backward")
        merged["usd_per_unit"] = merged["usd_per_unit"].fillna(table["usd_per_unit"].iloc[0])
        found.append(merged[["_row", "usd_per_unit"]])
    rate = pd.concat(found).set_index("_row")["usd_per_unit"].sort_index()
    return frame[amount].astype(float).to_numpy() * rate.to_numpy()


def _orders(landing: Path, rates: pd.DataFrame) -> pd.DataFrame:
    """Every order in its latest version, with the UTC order day, the USD total (0 when cancelled)
    and whether it is a repeat order (the customer has an earlier order that was not cancelled)."""
    orders = _csv_files(landing, "oms", "orders")
    orders["updated_at_utc"] = _utc(orders["updated_at"])
    latest = orders.sort_values(["order_id", "updated_at_utc"]).groupby("order_id").tail(1).copy()
    latest["is_placed"] = latest["status"] != "cancelled"
    latest["ordered_at_utc"] = _utc(latest["ordered_at"])
    latest["order_date"] = latest["ordered_at_utc"].dt.strftime("%Y-%m-%d")
    latest["order_total_usd"] = _to_usd(latest, "order_total", "order_date", rates) * latest["is_placed"]
    latest = latest.sort_values(["customer_id", "ordered_at_utc", "order_id"])
    earlier_placed = latest.groupby("customer_id")["is_placed"].cumsum() - latest["is_placed"]
    latest["is_repeat"] = latest["is_placed"] & (earlier_placed > 0)
    latest["month"] = _month(latest["order_date"])
    return latest


def _sessions(landing: Path) -> pd.DataFrame:
    sessions = _parquet_files(landing, "web", "sessions").drop_duplicates("session_id")
    sessions["session_date"] = pd.to_datetime(sessions["session_start"], utc=True).dt.strftime("%Y-%m-%d")
    sessions["month"] = _month(sessions["session_date"])
    return sessions


def _ad_spend(landing: Path, rates: pd.DataFrame) -> pd.DataFrame:
    spend = _csv_files(landing, "marketing", "ad_spend")
    # files before the cut-over (export version 1) name the spend column cost
    amount = spend["spend"] if "spend" in spend else pd.Series(pd.NA, index=spend.index, dtype=object)
    if "cost" in spend:
        amount = amount.replace("", pd.NA).fillna(spend["cost"])
    spend["spend"] = amount
    spend["exported_at_utc"] = _utc(spend["exported_at"])
    latest = spend.sort_values("exported_at_utc").groupby(["spend_date", "campaign_id"]).tail(1).copy()
    latest["spend_usd"] = _to_usd(latest, "spend", "spend_date", rates)
    latest["month"] = _month(latest["spend_date"])
    return latest


# -- KPIs by month -------------------------------------------------------------------------------


def _ratio(numerator: pd.Series, denominator: pd.Series) -> dict[str, float | None]:
    """numerator / denominator per month, for every month either has rows in (as the mart forms
    a ratio from the sums of both measures); None where the denominator has no data."""
    months = sorted(set(numerator.index) | set(denominator.index))
    return {
        month: (
            float(numerator.get(month, 0.0)) / float(denominator[month])
            if month in denominator.index and denominator[month] != 0
            else None
        )
        for month in months
    }


@pytest.fixture(scope="module")
def landing(small_company: SmallCompany) -> Path:
    return small_company.landing_dir


@pytest.fixture(scope="module")
def rates(landing: Path) -> pd.DataFrame:
    return _fx_rates(landing)


@pytest.fixture(scope="module")
def orders(landing: Path, rates: pd.DataFrame) -> pd.DataFrame:
    return _orders(landing, rates)


@pytest.fixture(scope="module")
def sessions(landing: Path) -> pd.DataFrame:
    return _sessions(landing)


@pytest.fixture(scope="module")
def ad_spend(landing: Path, rates: pd.DataFrame) -> pd.DataFrame:
    return _ad_spend(landing, rates)


def _expected_revenue(orders: pd.DataFrame, **_: pd.DataFrame) -> dict[str, float | None]:
    return orders.groupby("month")["order_total_usd"].sum().to_dict()


def _expected_average_order_value(orders: pd.DataFrame, **_: pd.DataFrame) -> dict[str, float | None]:
    by_month = orders.groupby("month")
    return _ratio(by_month["order_total_usd"].sum(), by_month["is_placed"].sum())


def _expected_repeat_purchase_rate(orders: pd.DataFrame, **_: pd.DataFrame) -> dict[str, float | None]:
    by_month = orders.groupby("month")
    return _ratio(by_month["is_repeat"].sum(), by_month["is_placed"].sum())


def _expected_conversion_rate(sessions: pd.DataFrame, **_: pd.DataFrame) -> dict[str, float | None]:
    by_month = sessions.groupby("month")
    return _ratio(by_month["purchased"].sum(), by_month.size())


def _expected_marketing_roas(
    orders: pd.DataFrame, sessions: pd.DataFrame, ad_spend: pd.DataFrame, **_: pd.DataFrame
) -> dict[str, float | None]:
    # a purchase counts for the channel of the session that placed it; cancelled orders add 0
    paid = sessions[~sessions["channel"].isin(UNPAID_CHANNELS) & sessions["order_id"].notna()]
    attributed = orders[orders["order_id"].isin(set(paid["order_id"]))]
    return _ratio(
        attributed.groupby("month")["order_total_usd"].sum(), ad_spend.groupby("month")["spend_usd"].sum()
    )


EXPECTED: dict[str, Callable[..., dict[str, float | None]]] = {
    "revenue": _expected_revenue,
    "average_order_value": _expected_average_order_value,
    "repeat_purchase_rate": _expected_repeat_purchase_rate,
    "conversion_rate": _expected_conversion_rate,
    "marketing_roas": _expected_marketing_roas,
}


def test_the_pipeline_run_succeeded(small_company: SmallCompany) -> None:
    failed = [event.step_key for event in small_company.run.all_events if event.is_step_failure]
    assert small_company.run.success, f"failed steps: {failed}"


@pytest.mark.parametrize("kpi_id", sorted(EXPECTED))
def test_monthly_kpi_equals_the_landing_files(
    small_company: SmallCompany,
    kpi_id: str,
    orders: pd.DataFrame,
    sessions: pd.DataFrame,
    ad_spend: pd.DataFrame,
) -> None:
    expected = EXPECTED[kpi_id](orders=orders, sessions=sessions, ad_spend=ad_spend)
    actual = mart_kpi(small_company, kpi_id)
    # The scorecard decides which periods it reports (it leaves out a period holding only stray
    # events after its reporting date); each period it does report must equal the landing files.
    assert set(FULL_MONTHS) <= set(actual), f"{kpi_id}: full months missing from the mart"
    assert set(actual) <= set(expected), f"{kpi_id}: months without data in the landing files"
    for month, value in actual.items():
        if expected[month] is None:
            assert value is None, f"{kpi_id} {month}: expected no value, got {value}"
        else:
            assert value is not None, f"{kpi_id} {month}: no value in the mart"
            assert math.isclose(value, expected[month], rel_tol=1e-9), (
                f"{kpi_id} {month}: {value} != {expected[month]}"
            )


def test_full_months_have_every_kpi(small_company: SmallCompany) -> None:
    """The months the small company covers completely have a value for every KPI compared here."""
    for kpi_id in EXPECTED:
        values = mart_kpi(small_company, kpi_id)
        for month in FULL_MONTHS:
            assert values.get(month) is not None, f"{kpi_id} has no value for {month}"

"""The insights marts against statistics computed independently with numpy and scipy from the
KPI mart and the marketing facts of the planted company."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tests.insights.conftest import PlantedCompany


def test_pipeline_run_succeeded(planted_company: PlantedCompany) -> None:
    assert planted_company.run.success


def _kpi_series(company: PlantedCompany, kpi_id: str, grain: str, region: str = "ALL") -> pd.DataFrame:
    return company.frame(
        "select period_start, numerator, denominator, actual_value, is_complete_period "
        "from scorecard.fct_kpi_values where kpi_id = ? and period_grain = ? and region_code = ? "
        "order by period_start",
        [kpi_id, grain, region],
    )


@pytest.mark.parametrize(
    ("kpi_id", "grain"), [("revenue", "week"), ("conversion_rate", "week"), ("nps", "month")]
)
def test_trend_slope_and_r2_match_scipy(planted_company: PlantedCompany, kpi_id: str, grain: str) -> None:
    values = _kpi_series(planted_company, kpi_id, grain)
    mart = planted_company.frame(
        "select period_start, trend_slope, trend_r2, trend_periods, change_pct from insights.fct_kpi_changes "
        "where kpi_id = ? and period_grain = ? and region_code = 'ALL' order by period_start",
        [kpi_id, grain],
    ).set_index("period_start")
    checked = 0
    for i in range(len(values)):
        window = values.iloc[max(0, i - 7) : i + 1].dropna(subset=["actual_value"])
        row = mart.loc[values.period_start.iloc[i]]
        if len(window) < 3:
            assert pd.isna(row.trend_slope)
            continue
        x = np.arange(i - len(values.iloc[max(0, i - 7) : i + 1]) + 1, i + 1)[
            values.iloc[max(0, i - 7) : i + 1].actual_value.notna().to_numpy()
        ]
        fit = stats.linregress(x, window.actual_value.to_numpy())
        assert row.trend_slope == pytest.approx(fit.slope, rel=1e-9, abs=1e-12)
        if window.actual_value.nunique() > 1:
            assert row.trend_r2 == pytest.approx(fit.rvalue**2, rel=1e-9, abs=1e-12)
        previous = values.actual_value.iloc[i - 1] if i else None
        if previous:
            assert row.change_pct == pytest.approx((values.actual_value.iloc[i] - previous) / abs(previous))
        checked += 1
    assert checked >= 4


def test_year_over_year_compares_the_same_month(planted_company: PlantedCompany) -> None:
    mart = planted_company.frame(
        "select kpi_id, period_start, actual_value, last_year_value, year_over_year_pct "
        "from insights.fct_kpi_changes where period_grain = 'month' and region_code = 'ALL'"
    )
    by_key = {(r.kpi_id, r.period_start): r.actual_value for r in mart.itertuples()}
    with_last_year = 0
    for r in mart.itertuples():
        earlier = by_key.get((r.kpi_id, r.period_start - pd.DateOffset(years=1)))
        if earlier is None or pd.isna(earlier):
            assert pd.isna(r.last_year_value)
            continue
        with_last_year += 1
        assert r.last_year_value == pytest.approx(earlier)
        if earlier and not pd.isna(r.actual_value):
            assert r.year_over_year_pct == pytest.approx((r.actual_value - earlier) / abs(earlier))
    # B2B bookings reach back a year through the CRM's history of won deals
    assert with_last_year > 0


def _robust_z(values: pd.Series, denominators: pd.Series, unit: str, t: int) -> tuple[float, float] | None:
    """The baseline of period t from the 12 periods before it (never t itself), as documented."""
    history = [t - k for k in range(1, 13) if t - k >= 0 and not pd.isna(values.iloc[t - k])]
    if len(history) < 6:
        return None
    base = values.iloc[history].to_numpy(dtype=float)
    value = float(values.iloc[t])
    if (base <= 0).any() or value <= 0:
        return None  # the linear scale is exercised by other series
    logs = np.log(base)
    median = float(np.median(logs))
    deviations = np.abs(logs - median)
    mad = float(np.median(deviations))
    sd = 1.4826 * mad if mad > 0 else 1.2533 * float(deviations.mean())
    cases, usual_cases = denominators.iloc[t], float(np.median(denominators.iloc[history]))
    if unit == "%" and not pd.isna(cases):
        if usual_cases > cases:
            sd *= math.sqrt(usual_cases / cases)
        p = math.exp(median)
        sd = max(sd, math.sqrt(p * (1 - p) / cases) / p)
    sd = max(sd, 0.02)
    return (math.log(value) - median) / sd, math.exp(median)


@pytest.mark.parametrize(("kpi_id", "unit"), [("revenue", "USD"), ("conversion_rate", "%")])
def test_weekly_robust_z_matches_numpy(planted_company: PlantedCompany, kpi_id: str, unit: str) -> None:
    weeks = _kpi_series(planted_company, kpi_id, "week")
    weeks = weeks[weeks.is_complete_period].reset_index(drop=True)
    # consecutive weeks only, so position k back is exactly k weeks back
    assert (weeks.period_start.diff().dropna() == pd.Timedelta(days=7)).all()
    mart = planted_company.frame(
        "select period_start, robust_z, expected_value, is_seasonally_adjusted from insights.fct_anomalies "
        "where metric_id = ? and region_code = 'ALL' and period_grain = 'week'",
        [kpi_id],
    ).set_index("period_start")
    compared = 0
    for t in range(len(weeks)):
        expected = _robust_z(weeks.actual_value, weeks.denominator, unit, t)
        start = weeks.period_start.iloc[t]
        if expected is None:
            continue
        row = mart.loc[start]
        assert not row.is_seasonally_adjusted  # nine months: no last year to learn from
        assert row.robust_z == pytest.approx(expected[0], rel=1e-6, abs=1e-9)
        assert row.expected_value == pytest.approx(expected[1], rel=1e-9)
        compared += 1
    assert compared >= 20


def test_lagged_correlation_and_p_value_match_numpy(planted_company: PlantedCompany) -> None:
    signals = planted_company.frame(
        "select metric_id, day_number, surprise_7d from intermediate.int_insight_driver_signals "
        "where region_code = 'ALL' and metric_id in ('conversion_rate', 'revenue')"
    )
    cause = signals[signals.metric_id == "conversion_rate"].set_index("day_number").surprise_7d
    effect = signals[signals.metric_id == "revenue"].set_index("day_number").surprise_7d
    mart = planted_company.frame(
        "select lag_days, days_compared, correlation, p_value "
        "from intermediate.int_insight_lagged_correlations "
        "where cause_metric_id = 'conversion_rate' and effect_metric_id = 'revenue' and region_code = 'ALL' "
        "and cause_region_code = 'ALL'"
    ).set_index("lag_days")
    assert set(mart.index) == {0, 1, 2, 3, 5, 7, 10, 14, 21, 28}
    for lag, row in mart.iterrows():
        shifted = cause.copy()
        shifted.index = shifted.index + lag  # the cause `lag` days before the effect
        pair = pd.concat([shifted.rename("cause"), effect.rename("effect")], axis=1, join="inner").dropna()
        assert row.days_compared == len(pair)
        r = float(np.corrcoef(pair.cause, pair.effect)[0, 1])
        assert row.correlation == pytest.approx(r, abs=1e-9)
        z = math.atanh(r) * math.sqrt(len(pair) // 7 - 3)
        assert row.p_value == pytest.approx(2 * stats.norm.sf(abs(z)), abs=1e-6)


def test_experiment_results_match_scipy(planted_company: PlantedCompany) -> None:
    visitors = planted_company.frame(
        "select experiment_id, variant, primary_step_sessions, primary_base_sessions "
        "from intermediate.int_experiment_assignments_joined"
    )
    results = planted_company.frame("select * from insights.fct_experiment_results").set_index(
        "experiment_id"
    )
    assert len(results) == visitors.experiment_id.nunique() > 0
    for experiment_id, group in visitors.groupby("experiment_id"):
        by_variant = group.groupby("variant").agg(
            visitors=("variant", "size"),
            step=("primary_step_sessions", "sum"),
            base=("primary_base_sessions", "sum"),
        )
        control, treatment = by_variant.loc["control"], by_variant.loc["treatment"]
        p_c, p_t = control.step / control.base, treatment.step / treatment.base
        pooled = (control.step + treatment.step) / (control.base + treatment.base)
        z = (p_t - p_c) / math.sqrt(pooled * (1 - pooled) * (1 / treatment.base + 1 / control.base))
        se = math.sqrt(p_t * (1 - p_t) / treatment.base + p_c * (1 - p_c) / control.base)
        srm = stats.chisquare(by_variant.visitors.to_numpy())
        row = results.loc[experiment_id]
        assert row.relative_lift == pytest.approx(p_t / p_c - 1)
        assert row.z_statistic == pytest.approx(z)
        assert row.p_value == pytest.approx(2 * stats.norm.sf(abs(z)), abs=1e-6)
        assert row.absolute_lift_low == pytest.approx(p_t - p_c - 1.96 * se)
        assert row.absolute_lift_high == pytest.approx(p_t - p_c + 1.96 * se)
        assert row.srm_chi_square == pytest.approx(srm.statistic)
        assert row.srm_p_value == pytest.approx(srm.pvalue, abs=1e-6)


@pytest.mark.parametrize("kpi_id", ["revenue", "conversion_rate"])
def test_forecast_matches_numpy(planted_company: PlantedCompany, kpi_id: str) -> None:
    days = _kpi_series(planted_company, kpi_id, "day").set_index("period_start")
    (as_of,) = planted_company.frame("select max(as_of_date) as d from scorecard.fct_kpi_values").d
    forecasts = planted_company.frame(
        "select * from insights.fct_kpi_forecasts where kpi_id = ? and region_code = 'ALL'", [kpi_id]
    ).set_index("period_grain")
    window = days.reindex(pd.date_range(as_of - pd.Timedelta(days=27), as_of))
    for grain, row in forecasts.iterrows():
        start, end = pd.Timestamp(row.period_start), pd.Timestamp(row.period_end)
        remaining = (end - pd.Timestamp(as_of)).days
        assert remaining > 0  # the run ends mid-month, so there is something to forecast
        so_far = days.loc[start:as_of]
        numerator = so_far.numerator.sum() + window.numerator.fillna(0).mean() * remaining
        if kpi_id == "revenue":
            forecast = numerator
            sd = window.numerator.fillna(0).std(ddof=1) * math.sqrt(remaining)
            probability = stats.norm.cdf((forecast - row.target_value) / sd)
        else:
            denominator = so_far.denominator.sum() + window.denominator.fillna(0).mean() * remaining
            forecast = numerator / denominator
            future_share = window.denominator.fillna(0).mean() * remaining / denominator
            sd = future_share * window.actual_value.std(ddof=1) / math.sqrt(remaining)
            probability = stats.norm.cdf((forecast - row.target_value) / sd)
        assert row.forecast_value == pytest.approx(forecast, rel=1e-9), grain
        assert row.forecast_high - row.forecast_value == pytest.approx(1.6449 * sd, rel=1e-6), grain
        assert row.probability_on_target == pytest.approx(probability, abs=1e-6), grain
        call = "on_track" if probability >= 0.7 else "at_risk" if probability >= 0.3 else "off_track"
        assert row.forecast_call == call

"""The statistical macros of the insights layer (dbt_project/macros/insights/), rendered with
Jinja as dbt renders them, run on a small DuckDB table and compared with scipy."""

from __future__ import annotations

from pathlib import Path

import duckdb
import jinja2
import numpy as np
import pytest
from scipy import stats

MACROS = Path(__file__).resolve().parents[2] / "dbt_project/macros/insights/normal_cdf.sql"


@pytest.fixture(scope="module")
def macros() -> jinja2.environment.TemplateModule:
    return jinja2.Environment().from_string(MACROS.read_text(encoding="utf-8")).module


def _evaluate(sql_expression: str, values: list[tuple]) -> list[float]:
    con = duckdb.connect()
    try:
        con.execute("create table inputs (x double, df integer)")
        con.executemany("insert into inputs values (?, ?)", values)
        return [
            row[0] for row in con.execute(f"select {sql_expression} from inputs order by x, df").fetchall()
        ]
    finally:
        con.close()


def test_normal_cdf_matches_scipy(macros: jinja2.environment.TemplateModule) -> None:
    z = np.round(np.linspace(-8, 8, 321), 6)
    got = _evaluate(str(macros.normal_cdf("x")), [(float(v), 1) for v in z])
    assert np.max(np.abs(np.array(got) - stats.norm.cdf(z))) < 1e-7
    assert _evaluate(str(macros.normal_cdf("x")), [(None, 1)]) == [None]
    # far tails saturate instead of underflowing (PostgreSQL's exp() raises on underflow)
    low, high = _evaluate(str(macros.normal_cdf("x")), [(-1e6, 1), (1e6, 1)])
    assert 0 <= low < 1e-290 and high == 1.0


def test_two_sided_p_matches_scipy(macros: jinja2.environment.TemplateModule) -> None:
    z = np.round(np.linspace(-6, 6, 121), 6)
    got = _evaluate(str(macros.normal_two_sided_p("x")), [(float(v), 1) for v in z])
    assert np.max(np.abs(np.array(got) - 2 * stats.norm.sf(np.abs(z)))) < 2e-7


def test_chi_square_p_matches_scipy(macros: jinja2.environment.TemplateModule) -> None:
    cases = [(float(x), df) for df in (1, 2, 3, 5, 10) for x in np.round(np.linspace(0.5, 40, 80), 4)]
    got = np.array(_evaluate(str(macros.chi_square_p("x", "df")), cases))
    ordered = sorted(cases)
    expected = np.array([stats.chi2.sf(x, df) for x, df in ordered])
    # Wilson–Hilferty: close everywhere, and closest in the tail where a sample-ratio check decides
    assert np.max(np.abs(got - expected)) < 0.02
    tail = expected < 0.01
    assert np.max(np.abs(got[tail] - expected[tail])) < 1e-3
    assert _evaluate(str(macros.chi_square_p("x", "df")), [(0.0, 1)]) == [1.0]

"""A small simulated company run once through the whole pipeline, shared by the tests that need
real warehouse contents (warehouse, quality gate, insights)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.project_dirs import project_at

SMALL_SCALE = 0.05
SMALL_START = dt.date(2025, 1, 1)
SMALL_END = dt.date(2025, 4, 30)


@dataclass(frozen=True)
class SmallCompany:
    landing_dir: Path
    warehouse_path: Path
    site_dir: Path
    run: dg.ExecuteInProcessResult

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.warehouse_path), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()


@pytest.fixture(scope="session")
def small_company(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmallCompany]:
    """Four months of a small company: generated, loaded, built, checked and published."""
    from orchestration.simulator import generate

    root = tmp_path_factory.mktemp("small_company")
    with project_at(root) as data:
        generate(
            data / "landing", seed=7, scale=SMALL_SCALE, start=SMALL_START, end=SMALL_END, progress=False
        )
        from orchestration.definitions import build_definitions

        run = (
            build_definitions()
            .resolve_job_def("refresh_all")
            .execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
        )
        yield SmallCompany(
            landing_dir=data / "landing",
            warehouse_path=data / "warehouse" / "upt.duckdb",
            site_dir=data / "site",
            run=run,
        )


def mart_kpi(
    company: SmallCompany, kpi_id: str, grain: str = "month", region: str = "ALL"
) -> dict[str, float]:
    """The mart's values of one KPI by period start (ISO date), for one grain and region."""
    rows = company.query(
        "select strftime(period_start, '%Y-%m-%d'), actual_value from scorecard.fct_kpi_values "
        "where kpi_id = ? and period_grain = ? and region_code = ?",
        [kpi_id, grain, region],
    )
    return {period: value for period, value in rows}

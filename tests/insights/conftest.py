"""A simulated company with every scenario planted, run through Dagster up to the insights marts,
shared by the insights tests.

Scale and period are chosen so the planted effects are as large as in a real mid-size company's
regional figures while the run stays small: 0.3 of the demo company (about 7,000 orders a month)
over nine months, so each scenario has the six weeks of history its baseline needs (yearly
seasonality then has no last year to learn from, and the models fall back to the recent weeks).
Only the insights marts, the marts the report pages read and what they are built from are
materialised, without the quality gate's checks, which are tested with their own fixtures.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from tests.project_dirs import project_at

PLANTED_SCALE = 0.3
PLANTED_START = dt.date(2025, 1, 1)
PLANTED_END = dt.date(2025, 9, 20)


@dataclass(frozen=True)
class PlantedCompany:
    warehouse_path: Path
    truth_path: Path
    run: dg.ExecuteInProcessResult

    @property
    def truth(self) -> dict:
        return json.loads(self.truth_path.read_text())

    def frame(self, sql: str, params: list | None = None) -> pd.DataFrame:
        con = duckdb.connect(str(self.warehouse_path), read_only=True)
        try:
            return con.execute(sql, params or []).df()
        finally:
            con.close()


@pytest.fixture(scope="session")
def planted_company(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlantedCompany]:
    from orchestration.simulator import generate

    root = tmp_path_factory.mktemp("planted_company")
    with project_at(root) as data:
        truth = root / "ground_truth.json"
        generate(
            data / "landing",
            seed=7,
            scale=PLANTED_SCALE,
            start=PLANTED_START,
            end=PLANTED_END,
            truth_file=truth,
            progress=False,
        )
        from orchestration.definitions import build_definitions

        # the insights marts and the marts the report pages read, with everything they are built from
        marts = dg.AssetSelection.key_prefixes(["insights"], ["core"], ["scorecard"])
        selection = marts.upstream().without_checks()
        job = dg.define_asset_job("insights_and_upstream", selection=selection)
        defs = dg.Definitions.merge(build_definitions(), dg.Definitions(jobs=[job]))
        run = defs.resolve_job_def("insights_and_upstream").execute_in_process(
            instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
        )
        yield PlantedCompany(warehouse_path=data / "warehouse" / "upt.duckdb", truth_path=truth, run=run)

"""The whole pipeline on Spark through Dagster: from the same landing files, the KPI mart Spark
builds equals the one DuckDB builds, and the report pages show Spark's figures."""

from __future__ import annotations

import datetime as dt
import math
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import pytest

from orchestration.ingest.contracts import load_contracts
from orchestration.ingest.loader import load_table
from orchestration.settings import PROJECT_ROOT
from orchestration.spark.java_runtime import ensure_java
from orchestration.transform.project import dbt_env, dbt_executable
from tests.project_dirs import project_at

MART = "scorecard.fct_kpi_values"
MART_KEY = ("kpi_id", "period_grain", "period_start", "org_unit_id", "region_code")
SCALE = 0.02
START, END = dt.date(2025, 1, 1), dt.date(2025, 1, 31)
# The whole project is ~750 dbt nodes (models and tests), each a Spark query: on tiny tables,
# compiling generated code costs more than it saves.
SMALL_DATA_SPARK = {"UPT_SPARK_CODEGEN": "false"}

# Generating, loading and building the project twice (Spark through Dagster, DuckDB directly).
pytestmark = pytest.mark.timeout(1800)


@dataclass(frozen=True)
class SparkRun:
    root: Path
    landing_dir: Path
    mirror_path: Path
    site_dir: Path
    reference_path: Path
    result: dg.ExecuteInProcessResult


def _duckdb_reference(landing: Path, work: Path) -> Path:
    """The same landing files loaded and built on DuckDB (the KPI mart and what it is made from)."""
    path = work / "reference.duckdb"
    with duckdb.connect(str(path)) as con:
        for system in load_contracts():
            for table in system.tables:
                load_table(con, table, landing)
    env = {
        **os.environ,
        **dbt_env(),
        "UPT_DBT_TARGET": "duckdb",
        "UPT_WAREHOUSE_PATH": str(path),
        "DBT_TARGET_PATH": str(work / "target-duckdb"),
        "DBT_LOG_PATH": str(work / "logs-duckdb"),
    }
    done = subprocess.run(
        [dbt_executable(), "build", "--select", "+fct_kpi_values", "--exclude", "resource_type:test"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:]
    return path


@pytest.fixture(scope="module")
def spark_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkRun]:
    ensure_java()
    from orchestration.simulator import generate

    root = tmp_path_factory.mktemp("spark_pipeline")
    spark_dirs = {
        "UPT_SPARK_WAREHOUSE_DIR": root / "data" / "spark" / "warehouse",
        "UPT_SPARK_METASTORE_DIR": root / "data" / "spark" / "metastore",
    }
    with project_at(root, "spark", **spark_dirs, **SMALL_DATA_SPARK) as data:
        generate(data / "landing", seed=11, scale=SCALE, start=START, end=END, progress=False)
        from orchestration.definitions import build_definitions

        result = (
            build_definitions()
            .resolve_job_def("refresh_all")
            .execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
        )
        reference = _duckdb_reference(data / "landing", root)
        yield SparkRun(
            root=root,
            landing_dir=data / "landing",
            mirror_path=data / "warehouse" / "upt.duckdb",
            site_dir=data / "site",
            reference_path=reference,
            result=result,
        )


def _by_key(rows: list[dict[str, Any]]) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {tuple(row[k] for k in MART_KEY): row for row in rows}


def _equal(a: Any, b: Any) -> bool:
    def is_number(value: Any) -> bool:
        return isinstance(value, int | float | Decimal) and not isinstance(value, bool)

    if is_number(a) and is_number(b):
        return math.isclose(float(a), float(b), rel_tol=1e-9)
    return a == b


def _duckdb_rows(path: Path, sql: str) -> list[dict[str, Any]]:
    with duckdb.connect(str(path), read_only=True) as con:
        cursor = con.execute(sql)
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def test_the_pipeline_runs_on_spark_through_dagster(spark_run: SparkRun) -> None:
    failed = [e.step_key for e in spark_run.result.all_events if e.is_step_failure]
    assert spark_run.result.success, f"failed steps: {failed}"
    checks = [e for e in spark_run.result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    assert checks and all(e.event_specific_data.passed for e in checks)


def test_kpi_mart_built_by_spark_equals_duckdb(spark_run: SparkRun) -> None:
    from orchestration.spark.session import metastore

    with metastore() as spark:
        actual = _by_key([row.asDict() for row in spark.table(MART).collect()])
    expected = _by_key(_duckdb_rows(spark_run.reference_path, f"select * from {MART}"))
    assert any(key[:2] == ("revenue", "month") for key in expected), "the mart has the revenue KPI"
    assert set(actual) == set(expected)
    for key, row in expected.items():
        assert set(actual[key]) == set(row), "same columns"
        different = {c: (row[c], actual[key][c]) for c in row if not _equal(row[c], actual[key][c])}
        assert not different, f"{key}: DuckDB vs Spark {different}"


def test_raw_loads_on_spark_are_recorded_once_per_file(spark_run: SparkRun) -> None:
    import pandas as pd

    from orchestration.spark.session import metastore

    landing = spark_run.landing_dir
    expected = {
        path.relative_to(landing).as_posix(): len(pd.read_csv(path, dtype=str))
        for path in sorted((landing / "oms" / "orders").glob("*.csv"))
    }
    with metastore() as spark:
        logged = spark.sql("select file_path, row_count from raw._upt_loads where raw_table = 'oms__orders'")
        logged_rows = logged.collect()
        stored = dict(spark.sql("select _source_file, count(*) from raw.oms__orders group by 1").collect())
    assert sorted(r.file_path for r in logged_rows) == sorted(expected), "each file logged once"
    assert {r.file_path: r.row_count for r in logged_rows} == expected
    assert stored == {path: rows for path, rows in expected.items() if rows}


def test_report_pages_show_the_figures_spark_built(spark_run: SparkRun) -> None:
    from orchestration.spark.session import metastore
    from reports.engine.formatting import format_value

    with metastore() as spark:
        actual, status = spark.sql(
            f"select actual_value, status from {MART} where kpi_id = 'revenue' and period_grain = 'month' "
            "and region_code = 'ALL' order by period_start desc limit 1"
        ).collect()[0]
    html = (spark_run.site_dir / "current" / "kpis" / "revenue.html").read_text()
    assert format_value(actual, "USD") in html
    assert f"badge-{status}" in html


def test_a_second_load_skips_loaded_files_and_a_bad_file_is_named(
    spark_run: SparkRun, tmp_path: Path
) -> None:
    """The Spark writer keeps the loader's promises: a file already in the load log is skipped, and
    a file that breaks its contract is refused whole, with its name, column and line."""
    import shutil

    from orchestration.ingest.loader import LandingFileError
    from orchestration.ingest.writers import raw_writer
    from orchestration.resources import WarehouseResource
    from orchestration.settings import Settings
    from tests.landing_files import ORDER_COLUMNS, order, write_csv

    contract = next(t for s in load_contracts() for t in s.tables if t.raw_table == "oms__orders")
    landing = tmp_path / "landing"
    shutil.copytree(spark_run.landing_dir / "oms" / "orders", landing / "oms" / "orders")
    bad = order("SO-BAD-1", "2025-02-01T10:00:00+00:00", "EUR", "12.50")
    bad[ORDER_COLUMNS.index("order_total")] = "twelve"
    write_csv(landing / "oms" / "orders" / "orders_2025-02-01.csv", ORDER_COLUMNS, [bad])
    # The fixture's settings (UPT_DBT_TARGET=spark, its data folder) are in force for the module.
    warehouse = WarehouseResource.from_settings(Settings.from_env())
    with warehouse.connect() as con:
        with raw_writer(con) as writer:
            rows_before = writer.row_count("oms__orders")
            logged_before = len(writer.loaded_files("oms__orders"))
        with pytest.raises(LandingFileError) as raised:
            load_table(con, contract, landing)
        with raw_writer(con) as writer:
            assert writer.row_count("oms__orders") == rows_before
            assert len(writer.loaded_files("oms__orders")) == logged_before
    message = str(raised.value)
    assert "orders_2025-02-01.csv" in message and "order_total" in message


def test_gx_validates_a_spark_table_in_the_session(spark_run: SparkRun) -> None:
    import great_expectations as gx
    import great_expectations.expectations as gxe
    import pandas as pd

    from quality.spark import add_spark_source, part_batch, spark_session_for_gate

    orders = pd.concat(
        pd.read_csv(path, dtype=str)
        for path in sorted((spark_run.landing_dir / "oms" / "orders").glob("*.csv"))
    )
    not_placed = int((orders["status"] != "placed").sum())
    with spark_session_for_gate():
        context = gx.get_context(mode="ephemeral")
        batch = part_batch(add_spark_source(context), "orders.rows", "select * from raw.oms__orders")
        suite = gx.ExpectationSuite(
            name="orders.rows",
            expectations=[
                gxe.ExpectColumnValuesToNotBeNull(column="order_id"),
                gxe.ExpectColumnValuesToBeInSet(column="status", value_set=["placed"]),
            ],
        )
        results = batch.validate(suite, result_format={"result_format": "SUMMARY"}).results
    not_null, in_set = results
    assert not_null.success and not_null.result["element_count"] == len(orders)
    assert not in_set.success and in_set.result["unexpected_count"] == not_placed

"""The whole dbt project on PostgreSQL: from the same landing files, the KPI mart equals DuckDB's."""

from __future__ import annotations

import math
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from orchestration.ingest.contracts import load_contracts
from orchestration.ingest.loader import load_table
from orchestration.ingest.writers import Warehouse
from orchestration.settings import PROJECT_ROOT
from orchestration.transform.project import dbt_env, dbt_executable
from tests.landing_files import write_small_order_history
from tests.postgres_server import PostgresServer

MART = "scorecard.fct_kpi_values"
MART_KEY = ("kpi_id", "period_grain", "period_start", "org_unit_id", "region_code")
# Most of a build is hundreds of small queries (models and data tests); more threads overlap them.
DBT_THREADS = "8"


@dataclass(frozen=True)
class Build:
    returncode: int
    output: str

    def require_success(self, target: str) -> None:
        """Fail with dbt's closing section: which node failed, where, and the database's message."""
        if self.returncode != 0:
            start = self.output.find("Completed with")
            pytest.fail(
                f"dbt build on {target} failed:\n{self.output[start:] if start >= 0 else self.output}"
            )


@dataclass(frozen=True)
class Builds:
    duckdb_path: Path
    postgres: PostgresServer
    outcomes: dict[str, Build]


def _load_every_table(con: Warehouse, landing: Path) -> None:
    # Every raw table, as the ingest assets make them: empty where there are no files.
    for system in load_contracts():
        for table in system.tables:
            load_table(con, table, landing)


def _dbt_builds(work: Path, targets: dict[str, tuple[dict[str, str], list[str]]]) -> dict[str, Build]:
    """`dbt build` (with the given environment and arguments) on every target at once."""
    running = {}
    for name, (target_env, args) in targets.items():
        # Artefacts and logs in the test's folder: the repository's target/ belongs to Dagster.
        env = {
            **os.environ,
            **dbt_env(),
            **target_env,
            "DBT_TARGET_PATH": str(work / f"target-{name}"),
            "DBT_LOG_PATH": str(work / f"logs-{name}"),
        }
        with (work / f"dbt-{name}.out").open("w") as out:
            running[name] = subprocess.Popen(
                [dbt_executable(), "build", "--threads", DBT_THREADS, *args],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
    return {
        name: Build(process.wait(), (work / f"dbt-{name}.out").read_text())
        for name, process in running.items()
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory, postgres_server: PostgresServer) -> Iterator[Builds]:
    """The same landing files loaded into both warehouses, then dbt builds on both at once."""
    work = tmp_path_factory.mktemp("postgres_build")
    write_small_order_history(work / "landing")
    duckdb_path = work / "warehouse.duckdb"
    with duckdb.connect(str(duckdb_path)) as con:
        _load_every_table(con, work / "landing")
    with postgres_server.fresh_database() as server:
        con = server.connect()
        try:
            _load_every_table(con, work / "landing")
        finally:
            con.close()
        targets = {
            # The whole project on PostgreSQL; on DuckDB (built whole by the pipeline tests) the
            # mart and what it is made from are reference enough.
            "postgres": (server.env(), []),
            "duckdb": (
                {"UPT_DBT_TARGET": "duckdb", "UPT_WAREHOUSE_PATH": str(duckdb_path)},
                ["--select", f"+{MART.split('.')[1]}", "--indirect-selection", "cautious"],
            ),
        }
        yield Builds(duckdb_path, server, _dbt_builds(work, targets))


def test_the_whole_dbt_project_builds_on_postgres(builds: Builds) -> None:
    builds.outcomes["postgres"].require_success("postgres")


def _fetch(cursor: Any) -> dict[tuple[Any, ...], dict[str, Any]]:
    """The mart's rows by key, after `cursor.execute(select * from the mart)`."""
    columns = [column[0] for column in cursor.description]
    rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return {tuple(row[k] for k in MART_KEY): row for row in rows}


def _equal(a: Any, b: Any) -> bool:
    def is_number(value: Any) -> bool:
        return isinstance(value, int | float | Decimal) and not isinstance(value, bool)

    if is_number(a) and is_number(b):
        return math.isclose(float(a), float(b), rel_tol=1e-9)
    return a == b


def test_kpi_mart_on_postgres_equals_duckdb(builds: Builds) -> None:
    for target, outcome in builds.outcomes.items():
        outcome.require_success(target)
    with duckdb.connect(str(builds.duckdb_path), read_only=True) as con:
        expected = _fetch(con.execute(f"select * from {MART}"))
    con = builds.postgres.connect()
    try:
        with con.cursor() as cursor:
            cursor.execute(f"select * from {MART}")
            actual = _fetch(cursor)
    finally:
        con.close()
    assert any(key[:2] == ("revenue", "month") for key in expected), "the mart has the revenue KPI"
    assert set(actual) == set(expected)
    for key, row in expected.items():
        assert set(actual[key]) == set(row), "same columns"
        different = {c: (row[c], actual[key][c]) for c in row if not _equal(row[c], actual[key][c])}
        assert not different, f"{key}: DuckDB vs PostgreSQL {different}"


def _postgres_url(server: PostgresServer) -> str:
    from orchestration.resources import PostgresLocation

    return PostgresLocation(
        server.host, server.port, server.user, server.password, server.dbname
    ).sqlalchemy_url()


def test_the_quality_gate_runs_on_postgres(builds: Builds) -> None:
    """Every suite validates the PostgreSQL-built tables through SQL; bad rows are named."""
    from quality.runner import suite_context, validate_suite
    from quality.suites import ALL_SUITES

    builds.outcomes["postgres"].require_success("postgres")
    url = _postgres_url(builds.postgres)
    context = suite_context(url)
    outcomes = {spec.name: validate_suite(spec, url, context) for spec in ALL_SUITES}
    errors = {name: [f.describe() for f in o.failures if f.error] for name, o in outcomes.items()}
    assert not any(errors.values()), errors  # every expectation ran on PostgreSQL
    assert [name for name, outcome in outcomes.items() if not outcome.passed] == []
    con = builds.postgres.connect()
    with duckdb.connect(str(builds.duckdb_path), read_only=True) as reference:
        [[orders]] = reference.execute("select count(*) from raw.oms__orders").fetchall()
    assert outcomes["raw_oms__orders"].row_count == orders

    # One bad row, then the suite again: it blocks and names the row's value and file.
    orders_suite = next(spec for spec in ALL_SUITES if spec.name == "raw_oms__orders")
    try:
        with con, con.cursor() as cursor:
            cursor.execute(
                "insert into raw.oms__orders select order_id || '-X', customer_id, store_id, channel,"
                " region_code, ordered_at, currency, -42.50, status, updated_at, 'oms/orders/bad.csv',"
                " _load_id, _loaded_at from raw.oms__orders limit 1"
            )
        outcome = validate_suite(orders_suite, url, context)
    finally:
        with con, con.cursor() as cursor:
            cursor.execute("delete from raw.oms__orders where _source_file = 'oms/orders/bad.csv'")
        con.close()
    [failure] = [f for f in outcome.failures if f.blocks]
    assert failure.column == "order_total" and failure.unexpected_count == 1
    assert "-42.5" in failure.describe() and "oms/orders/bad.csv" in failure.describe()

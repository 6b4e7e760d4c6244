"""The DuckDB mirror of a Spark warehouse: what the readers of the warehouse read, copied from Spark.

The report pages, the quality gate (GX through SQLAlchemy), the data-trust page and the terminal
summary all read the DuckDB file at UPT_WAREHOUSE_PATH. On Spark that file is a read-only mirror:
- the raw tables, refreshed right after each load (the gate's raw suites run on them next);
- every schema dbt builds for readers (core, the department facts, scorecard, reference, …),
  refreshed right after each `dbt build`; staging views and intermediate tables are dbt's working
  state, read by nobody outside dbt, and are not copied.
Spark writes each table as Parquet and DuckDB loads it, all tables of one refresh in one DuckDB
transaction, so a reader never sees half a refresh. Raw tables keep their instants (timestamptz,
as the landing contracts declare them); the dbt-built schemas carry UTC wall-clock timestamps, as
the same models build them on DuckDB.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from orchestration.ingest.contracts import load_contracts
from orchestration.ingest.writers import RAW_SCHEMA
from orchestration.settings import Settings
from orchestration.spark.session import metastore, metastore_handed_to_dbt, staging_dir
from orchestration.spark.warehouse import SparkWarehouse

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

# dbt's working state, and Spark's own empty database.
NOT_MIRRORED_SCHEMAS = frozenset({"staging", "intermediate", "default"})


@dataclass(frozen=True)
class MirrorResult:
    relations: tuple[str, ...]
    rows: int
    seconds: float


def _quoted(relation: str) -> str:
    schema, table = relation.split(".", 1)
    return f'"{schema}"."{table}"'


def _as_wall_clock(frame: DataFrame) -> DataFrame:
    """Spark's timestamps as UTC wall-clock time (DuckDB `timestamp`), as the models build them on
    DuckDB; the session's time zone is UTC (see the profile)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import TimestampType

    return frame.select(
        *[
            F.col(f"`{f.name}`").cast("timestamp_ntz").alias(f.name)
            if isinstance(f.dataType, TimestampType)
            else F.col(f"`{f.name}`")
            for f in frame.schema.fields
        ]
    )


def _json_columns() -> dict[str, list[str]]:
    """JSON columns of each raw table, as the landing contracts declare them."""
    return {
        f"{RAW_SCHEMA}.{table.raw_table}": [c.name for c in table.columns if c.type == "json"]
        for system in load_contracts()
        for table in system.tables
    }


def _json_replacements(relation: str) -> str:
    """Spark keeps JSON as text; the mirror gives those raw columns DuckDB's JSON type back."""
    columns = _json_columns().get(relation) or []
    if not columns:
        return ""
    return " replace (" + ", ".join(f'cast("{c}" as json) as "{c}"' for c in columns) + ")"


def mirror_relations(spark: SparkSession, relations: Iterable[str], duckdb_path: Path) -> MirrorResult:
    """Copy `schema.table` relations from Spark into the DuckDB file, replacing what was there."""
    started = time.perf_counter()
    relations = tuple(sorted(set(relations)))
    if not relations:
        return MirrorResult((), 0, 0.0)
    duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix="mirror-", dir=staging_dir()))
    try:
        folders = {}
        for relation in relations:
            frame = spark.table(relation)
            if not relation.startswith(f"{RAW_SCHEMA}."):
                frame = _as_wall_clock(frame)
            folders[relation] = stage / relation
            # One partition still writes a file (with the schema) when the table is empty.
            frame.coalesce(1).write.parquet(str(folders[relation]))
        rows = 0
        with duckdb.connect(str(duckdb_path)) as con:
            con.execute("begin transaction")
            for relation, folder in folders.items():
                schema = relation.split(".", 1)[0]
                con.execute(f'create schema if not exists "{schema}"')
                files = f"read_parquet('{folder.as_posix()}/*.parquet')"
                con.execute(
                    f"create or replace table {_quoted(relation)} as "
                    f"select *{_json_replacements(relation)} from {files}"
                )
                rows += con.execute(f"select count(*) from {_quoted(relation)}").fetchone()[0]
            con.execute("commit")
        return MirrorResult(relations, rows, round(time.perf_counter() - started, 3))
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def readable_relations(spark: SparkSession) -> list[str]:
    """Every table of the schemas dbt builds for readers (not its working schemas, not raw)."""
    relations = []
    for database in spark.catalog.listDatabases():
        if database.name in NOT_MIRRORED_SCHEMAS or database.name == RAW_SCHEMA:
            continue
        relations += [
            f"{database.name}.{table.name}"
            for table in spark.catalog.listTables(database.name)
            if table.tableType != "VIEW" and not table.isTemporary
        ]
    return relations


def mirror_dbt_outputs(duckdb_path: Path) -> MirrorResult:
    """After `dbt build` on Spark: copy the marts and seeds into the DuckDB mirror."""
    with metastore() as spark:
        return mirror_relations(spark, readable_relations(spark), duckdb_path)


@contextmanager
def spark_warehouse(duckdb_path: Path) -> Iterator[SparkWarehouse]:
    """The Spark warehouse for a load; on a clean exit the raw tables it wrote are mirrored."""
    with metastore() as spark:
        warehouse = SparkWarehouse(spark)
        try:
            yield warehouse
        finally:
            # A failed load may still have loaded the files before the bad one: mirror those too.
            mirror_relations(spark, warehouse.written, duckdb_path)


@contextmanager
def dbt_on_spark(duckdb_path: Path) -> Iterator[None]:
    """Around `dbt build` on Spark: the metastore goes to dbt's own Spark for the block; when dbt
    succeeded, the marts and seeds it built are mirrored to the DuckDB file for the readers."""
    with metastore_handed_to_dbt():
        yield
    mirror_dbt_outputs(duckdb_path)


def around_dbt_build(settings: Settings) -> AbstractContextManager[None]:
    """What a dbt build of this deployment runs inside: `dbt_on_spark` on Spark, nothing otherwise."""
    return dbt_on_spark(settings.warehouse_path) if settings.is_spark else nullcontext()

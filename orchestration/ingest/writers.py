"""Where checked landing rows are written: the raw schema of the DuckDB, PostgreSQL or Spark warehouse.

Every writer takes the rows as a DuckDB query (DuckDB reads and checks every landing file) and writes
them together with their files' load-log rows in one transaction of the warehouse. DuckDB inserts from the
query directly; PostgreSQL receives the query's result streamed as CSV into `COPY … FROM STDIN`; Spark
reads the result staged as one Parquet file (Spark has no transactions: see SparkWriter).
"""

from __future__ import annotations

import io
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import astuple, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import psycopg2.extensions
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pa_parquet

from orchestration.ingest.contracts import TableContract
from orchestration.spark.warehouse import SparkWarehouse

RAW_SCHEMA = "raw"
LOAD_LOG = "_upt_loads"
LINEAGE_COLUMNS = (("_source_file", "varchar"), ("_load_id", "varchar"), ("_loaded_at", "timestamptz"))
# PostgreSQL spelling of the contract types that differ from DuckDB's.
POSTGRES_TYPES = {"json": "jsonb", "double": "double precision"}
# Spark's: strings have no length, JSON is text, and its `timestamp` is an instant (like timestamptz).
SPARK_TYPES = {"varchar": "string", "json": "string", "timestamptz": "timestamp"}
COPY_BATCH_ROWS = 100_000

PostgresConnection = psycopg2.extensions.connection
Warehouse = duckdb.DuckDBPyConnection | PostgresConnection | SparkWarehouse


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def raw_relation(raw_table: str) -> str:
    return f"{RAW_SCHEMA}.{quote(raw_table)}"


@dataclass(frozen=True)
class FileLoad:
    """One landing file's row in the load log; its path, id and time also go on each of its rows."""

    load_id: str
    raw_table: str
    file_path: str
    file_sha256: str
    file_bytes: int
    row_count: int
    loaded_at: datetime


class RawWriter(ABC):
    """The raw schema of one warehouse. `reader` is the DuckDB connection that reads landing files."""

    reader: duckdb.DuckDBPyConnection
    placeholder: str  # the driver's parameter marker
    ddl_lock_sql: str | None = None  # serialises concurrent table creation where the warehouse needs it

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    @contextmanager
    def _transaction(self) -> Iterator[None]: ...

    @abstractmethod
    def _insert_rows(self, relation: str, columns: list[str], rows_sql: str, params: list[Any]) -> None:
        """Append what `rows_sql` (with `params`) selects in `reader` to `relation`."""

    def _column_type(self, contract_type: str) -> str:
        return contract_type

    def _relation(self, raw_table: str) -> str:
        return raw_relation(raw_table)

    def _table_columns(self, contract: TableContract) -> list[tuple[str, str]]:
        """(name, warehouse type) of the raw table: the contract's columns, then the lineage columns."""
        declared = [(c.name, c.type) for c in contract.columns] + list(LINEAGE_COLUMNS)
        return [(name, self._column_type(type_)) for name, type_ in declared]

    def ensure_tables(self, contract: TableContract) -> None:
        """Create the raw schema, the load log and the table; add columns the contract has gained."""
        columns = self._table_columns(contract)
        relation = self._relation(contract.raw_table)
        with self._transaction():
            if self.ddl_lock_sql:
                self._execute(self.ddl_lock_sql)
            self._execute(f"create schema if not exists {RAW_SCHEMA}")
            self._execute(
                f"create table if not exists {RAW_SCHEMA}.{LOAD_LOG} ("
                "load_id varchar primary key, raw_table varchar, file_path varchar, file_sha256 varchar, "
                "file_bytes bigint, row_count bigint, loaded_at timestamptz)"
            )
            definition = ", ".join(f"{quote(name)} {type_}" for name, type_ in columns)
            self._execute(f"create table if not exists {relation} ({definition})")
            existing = {
                row[0]
                for row in self._execute(
                    "select column_name from information_schema.columns where table_catalog = "
                    f"current_database() and table_schema = {self.placeholder} "
                    f"and table_name = {self.placeholder}",
                    [RAW_SCHEMA, contract.raw_table],
                )
            }
            for name, type_ in columns:
                if name not in existing:
                    self._execute(f"alter table {relation} add column {quote(name)} {type_}")

    def loaded_files(self, raw_table: str) -> set[tuple[str, str]]:
        """(path, sha256) of every file of the table in the load log."""
        with self._transaction():
            found = self._execute(
                f"select file_path, file_sha256 from {RAW_SCHEMA}.{LOAD_LOG} "
                f"where raw_table = {self.placeholder}",
                [raw_table],
            )
        return {(path, sha) for path, sha in found}

    def write_batch(
        self, contract: TableContract, rows_sql: str, params: list[Any], loads: list[FileLoad]
    ) -> None:
        """Write many files' rows (contract columns then lineage columns, as `rows_sql` selects them
        in the reader) and their load-log rows in one transaction: all of them or none. The rows
        of one batch share `_loaded_at`, which finds them again to count rows per file."""
        columns = [c.name for c in contract.columns] + [name for name, _ in LINEAGE_COLUMNS]
        relation = self._relation(contract.raw_table)
        p = self.placeholder
        with self._transaction():
            self._insert_rows(relation, columns, rows_sql, params)
            counts = dict(
                self._execute(
                    f"select _load_id, count(*) from {relation} where _loaded_at = {p} group by _load_id",
                    [loads[0].loaded_at],
                )
            )
            # One statement for all the files: on Spark every insert is a job and a file.
            rows = [astuple(replace(load, row_count=int(counts.get(load.load_id, 0)))) for load in loads]
            markers = ", ".join("(" + ", ".join([p] * len(row)) + ")" for row in rows)
            values = [value for row in rows for value in row]
            self._execute(f"insert into {RAW_SCHEMA}.{LOAD_LOG} values {markers}", values)

    def rows_logged(self, raw_table: str, loaded_at: datetime) -> int:
        """Rows the load log records for the table's loads at `loaded_at`."""
        with self._transaction():
            found = self._execute(
                f"select coalesce(sum(row_count), 0) from {RAW_SCHEMA}.{LOAD_LOG} "
                f"where raw_table = {self.placeholder} and loaded_at = {self.placeholder}",
                [raw_table, loaded_at],
            )
        return int(found[0][0]) if found else 0

    def row_count(self, raw_table: str) -> int:
        with self._transaction():
            found = self._execute(f"select count(*) from {self._relation(raw_table)}")
        return int(found[0][0]) if found else 0


class DuckDBWriter(RawWriter):
    """The DuckDB warehouse file, which also reads the landing files."""

    placeholder = "?"

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.reader = con

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.reader.execute(sql, list(params)).fetchall()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.reader.execute("begin transaction")
        try:
            yield
        except BaseException:
            self.reader.execute("rollback")
            raise
        self.reader.execute("commit")

    def _insert_rows(self, relation: str, columns: list[str], rows_sql: str, params: list[Any]) -> None:
        names = ", ".join(quote(name) for name in columns)
        self._execute(f"insert into {relation} ({names}) {rows_sql}", params)


class PostgresWriter(RawWriter):
    """A PostgreSQL database; an in-memory DuckDB reads the landing files for it."""

    placeholder = "%s"
    # One loader at a time creates tables: concurrent `create … if not exists` of the same schema
    # or table can fail in PostgreSQL. The key is any constant.
    ddl_lock_sql = "select pg_advisory_xact_lock(5526996)"

    def __init__(self, con: PostgresConnection, reader: duckdb.DuckDBPyConnection) -> None:
        if con.autocommit:
            raise ValueError("a PostgreSQL connection in autocommit mode cannot load a file atomically")
        self.con = con
        self.reader = reader

    def _column_type(self, contract_type: str) -> str:
        return POSTGRES_TYPES.get(contract_type, contract_type)

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.con.cursor() as cur:
            cur.execute(sql, list(params))
            return cur.fetchall() if cur.description else []

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # Not `with self.con`: that cannot be nested, and the caller may be inside one already.
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()

    def _insert_rows(self, relation: str, columns: list[str], rows_sql: str, params: list[Any]) -> None:
        batches = self.reader.execute(rows_sql, params).to_arrow_reader(COPY_BATCH_ROWS)
        names = ", ".join(quote(name) for name in columns)
        with self.con.cursor() as cur:
            cur.copy_expert(f"copy {relation} ({names}) from stdin with (format csv)", _CsvStream(batches))


class _CsvStream(io.RawIOBase):
    """Arrow record batches as one CSV byte stream, rendered a batch at a time as COPY reads it.

    Arrow quotes every string and leaves nulls bare, which is how PostgreSQL's CSV format tells an
    empty string from a null.
    """

    def __init__(self, batches: pa.RecordBatchReader) -> None:
        self._batches = iter(batches)
        self._chunk = memoryview(b"")
        self._options = pa_csv.WriteOptions(include_header=False)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._chunk:
            batch = next(self._batches, None)
            if batch is None:
                return 0
            sink = io.BytesIO()
            pa_csv.write_csv(batch, sink, self._options)
            self._chunk = sink.getbuffer()
        size = min(len(buffer), len(self._chunk))
        buffer[:size] = self._chunk[:size]
        self._chunk = self._chunk[size:]
        return size


class SparkWriter(RawWriter):
    """Spark's raw schema (Parquet tables in its metastore); an in-memory DuckDB reads the landing files.

    Spark has no transactions. A batch's rows are staged as one Parquet file first, so a bad value
    stops the batch before Spark sees any of it; Spark's append commits the rows in one job; the
    load-log rows follow. Rows whose load is not in the load log (a failure, or a process killed,
    between the two) are removed when the table is next written, so a file is never counted twice.
    """

    placeholder = "?"

    def __init__(self, warehouse: SparkWarehouse, reader: duckdb.DuckDBPyConnection) -> None:
        self.warehouse = warehouse
        self.spark = warehouse.session
        self.reader = reader
        self._written: set[str] = set()

    def _column_type(self, contract_type: str) -> str:
        return SPARK_TYPES.get(contract_type, contract_type)

    def _relation(self, raw_table: str) -> str:
        return f"{RAW_SCHEMA}.`{raw_table}`"

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.spark.sql(sql, args=list(params) or None).collect()]

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            yield
        except BaseException:
            for relation in self._written:
                self._discard_unlogged_rows(relation)
            raise
        finally:
            self._written.clear()

    def ensure_tables(self, contract: TableContract) -> None:
        columns = self._table_columns(contract)
        relation = self._relation(contract.raw_table)
        self._execute(f"create database if not exists {RAW_SCHEMA}")
        self._execute(
            f"create table if not exists {RAW_SCHEMA}.{LOAD_LOG} ("
            "load_id string, raw_table string, file_path string, file_sha256 string, "
            "file_bytes bigint, row_count bigint, loaded_at timestamp) using parquet"
        )
        definition = ", ".join(f"`{name}` {type_}" for name, type_ in columns)
        created = not self.spark.catalog.tableExists(f"{RAW_SCHEMA}.{contract.raw_table}")
        self._execute(f"create table if not exists {relation} ({definition}) using parquet")
        existing = set(self.spark.table(relation).columns)
        added = [f"`{name}` {type_}" for name, type_ in columns if name not in existing]
        if added:
            self._execute(f"alter table {relation} add columns ({', '.join(added)})")
        if created or added:
            self.warehouse.written.add(f"{RAW_SCHEMA}.{contract.raw_table}")
        self._discard_unlogged_rows(relation)

    def _insert_rows(self, relation: str, columns: list[str], rows_sql: str, params: list[Any]) -> None:
        from pyspark.sql import functions as F

        with tempfile.TemporaryDirectory(dir=_spark_staging_dir()) as stage:
            staged = Path(stage) / "batch.parquet"
            batches = self.reader.execute(rows_sql, params).to_arrow_reader(COPY_BATCH_ROWS)
            # The query's lineage columns are unnamed expressions: name every column as the table does.
            schema = pa.schema(
                [field.with_name(name) for field, name in zip(batches.schema, columns, strict=True)]
            )
            with pa_parquet.ParquetWriter(staged, schema) as sink:
                for batch in batches:
                    sink.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema))
            rows = self.spark.read.parquet(str(staged))
            table_columns = self.spark.table(relation).columns
            self._written.add(relation)
            rows.select(
                *[F.col(c) if c in columns else F.lit(None).alias(c) for c in table_columns]
            ).write.insertInto(relation)
        self.warehouse.written.update({relation.replace("`", ""), f"{RAW_SCHEMA}.{LOAD_LOG}"})

    def _discard_unlogged_rows(self, relation: str) -> None:
        """Keep only rows whose load is in the load log."""
        unlogged = self._execute(
            f"select count(*) from {relation} where _load_id not in "
            f"(select load_id from {RAW_SCHEMA}.{LOAD_LOG})"
        )[0][0]
        if not unlogged:
            return
        log = self.spark.table(f"{RAW_SCHEMA}.{LOAD_LOG}").selectExpr("load_id as _load_id")
        table = self.spark.table(relation)
        # Materialised first: Spark does not overwrite a table from a plan that still reads it.
        kept = table.join(log, "_load_id", "left_semi").select(*table.columns).localCheckpoint()
        kept.write.insertInto(relation, overwrite=True)


def _spark_staging_dir() -> Path:
    from orchestration.spark.session import staging_dir

    return staging_dir()


@contextmanager
def raw_writer(con: Warehouse) -> Iterator[RawWriter]:
    """The writer for a warehouse connection: DuckDB, PostgreSQL (psycopg2) or Spark."""
    if isinstance(con, duckdb.DuckDBPyConnection):
        yield DuckDBWriter(con)
    elif isinstance(con, PostgresConnection):
        with closing(duckdb.connect(":memory:")) as reader:
            yield PostgresWriter(con, reader)
    elif isinstance(con, SparkWarehouse):
        with closing(duckdb.connect(":memory:")) as reader:
            yield SparkWriter(con, reader)
    else:
        raise TypeError(
            f"not a warehouse connection: {type(con).__name__} (expected DuckDB, psycopg2 or Spark)"
        )

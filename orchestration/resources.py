"""Dagster resources: the warehouse and the published site, configured from the environment."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import psycopg2

from orchestration.ingest.writers import Warehouse
from orchestration.locking import warehouse_lock
from orchestration.settings import DEFAULT_DUCKDB_MEMORY_LIMIT, Settings, duckdb_read_url


@dataclass(frozen=True)
class PostgresLocation:
    """Where the PostgreSQL warehouse is: the `UPT_PG_*` variables the dbt profile reads too."""

    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "upt"
    password: str = "upt"
    dbname: str = "upt"

    @classmethod
    def from_env(cls) -> PostgresLocation:
        env, default = os.environ.get, cls()
        return cls(
            host=env("UPT_PG_HOST", default.host),
            port=int(env("UPT_PG_PORT", str(default.port))),
            user=env("UPT_PG_USER", default.user),
            password=env("UPT_PG_PASSWORD", default.password),
            dbname=env("UPT_PG_DATABASE", default.dbname),
        )

    def connect(self, read_only: bool = False) -> psycopg2.extensions.connection:
        con = psycopg2.connect(
            host=self.host, port=self.port, user=self.user, password=self.password, dbname=self.dbname
        )
        con.set_session(readonly=read_only)
        return con

    def sqlalchemy_url(self) -> str:
        """Every transaction of a session opened from this URL is read-only."""
        from sqlalchemy.engine import URL  # deferred: only the quality gate speaks SQLAlchemy

        url = URL.create(
            "postgresql+psycopg2",
            username=self.user,
            password=self.password,
            host=self.host,
            port=self.port,
            database=self.dbname,
            query={"options": "-c default_transaction_read_only=on"},
        )
        return url.render_as_string(hide_password=False)


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse: the DuckDB file (writers open it one at a time; readers open it read-only),
    or PostgreSQL when `target` is "postgres" (located by the `UPT_PG_*` variables, read when a
    connection is made, so the password never shows in the resource's config)."""

    path: str
    target: str = "duckdb"
    duckdb_memory_limit: str = DEFAULT_DUCKDB_MEMORY_LIMIT

    @classmethod
    def from_settings(cls, settings: Settings) -> WarehouseResource:
        return cls(
            path=str(settings.warehouse_path),
            target=settings.dbt_target,
            duckdb_memory_limit=settings.duckdb_memory_limit,
        )

    @property
    def is_postgres(self) -> bool:
        return self.target == "postgres"

    @property
    def is_spark(self) -> bool:
        """Spark holds the warehouse; `path` is then its DuckDB mirror, which every reader reads
        (see orchestration/spark/export.py), so `sqlalchemy_url` and the report pages need no change."""
        return self.target.startswith("spark")

    @contextmanager
    def exclusive_access(self, holder: str, log: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold the DuckDB file's inter-process lock (see orchestration/locking.py). PostgreSQL
        handles concurrent sessions itself, so there is nothing to hold."""
        if self.is_postgres:
            yield
            return
        with warehouse_lock(Path(self.path), holder, log):
            yield

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[WarehouseResource]:
        # Initialised once per run by the in-process executor and once per step by the
        # multiprocess one: either way every step that can open the warehouse holds the lock.
        holder = f"Dagster run {context.run.run_id}" if context.run else f"process {os.getpid()}"
        with self.exclusive_access(holder, context.log.info if context.log else None):
            yield self

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[Warehouse]:
        """A connection the loader accepts: DuckDB, psycopg2 in a transaction (not autocommit), or
        the Spark session (which mirrors what it wrote to the DuckDB file on leaving)."""
        if self.is_spark:
            from orchestration.spark.export import spark_warehouse

            with spark_warehouse(Path(self.path)) as warehouse:
                yield warehouse
            return
        if self.is_postgres:
            pg = PostgresLocation.from_env().connect(read_only=read_only)
            try:
                yield pg
            finally:
                pg.close()
            return
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        with self.exclusive_access(f"process {os.getpid()}"):
            con = duckdb.connect(
                self.path, read_only=read_only, config={"memory_limit": self.duckdb_memory_limit}
            )
            try:
                yield con
            finally:
                con.close()

    def sqlalchemy_url(self) -> str:
        """Read-only URL for tools that speak SQLAlchemy (the quality gate)."""
        if self.is_postgres:
            return PostgresLocation.from_env().sqlalchemy_url()
        return duckdb_read_url(self.path, self.duckdb_memory_limit)


class LandingResource(dg.ConfigurableResource):
    """The landing folder the source systems export into. The pipeline only ever reads it."""

    landing_dir: str

    @classmethod
    def from_settings(cls, settings: Settings) -> LandingResource:
        return cls(landing_dir=str(settings.landing_dir))

    @property
    def path(self) -> Path:
        return Path(self.landing_dir)


class SiteResource(dg.ConfigurableResource):
    """Where the report site is published."""

    site_dir: str

    @classmethod
    def from_settings(cls, settings: Settings) -> SiteResource:
        return cls(site_dir=str(settings.site_dir))

    @property
    def path(self) -> Path:
        return Path(self.site_dir)

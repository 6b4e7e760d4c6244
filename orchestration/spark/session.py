"""The pipeline's own Spark session, configured from the dbt profile's `spark` target.

Ingestion and the DuckDB mirror run Spark in this process; dbt's `session` method runs its own Spark
in the dbt process. Both read `server_side_parameters` of the same profile entry, so they share the
warehouse directory and the metastore. The embedded Derby metastore admits one JVM at a time:
`metastore()` takes an inter-process file lock and hands out the session, and keeps both after the
block, so a run's many loads share one metastore start. `release_metastore()` gives them up —
it stops the session and shuts Derby down — and must run before dbt starts its own Spark
(`metastore_handed_to_dbt()` does both around a dbt command). The JVM stays up, so taking the
metastore again costs seconds, not a JVM start.
"""

from __future__ import annotations

import atexit
import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, TYPE_CHECKING

import jinja2
import yaml

from orchestration.settings import DBT_PROFILES_DIR, Settings

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

PROFILE_PATH = DBT_PROFILES_DIR / "profiles.yml"
PROFILE_TARGET = "spark"
METASTORE_URIS = "spark.hadoop.hive.metastore.uris"
LOCK_FILE = "pipeline.lock"
# dbt-spark forces this for every connection; the pipeline's session behaves the same.
FORCED_CONF = {"spark.sql.ansi.enabled": "false"}


def _env_var(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise KeyError(f"{PROFILE_PATH}: environment variable {name} is not set and has no default")
    return value


def spark_conf() -> dict[str, str]:
    """The Spark configuration of the profile's `spark` target, its `env_var()`s resolved as dbt does
    (after `Settings.export_for_dbt()`, so paths are absolute). Empty values are left out."""
    profile = yaml.safe_load(PROFILE_PATH.read_text())
    parameters = profile["upt"]["outputs"][PROFILE_TARGET]["server_side_parameters"]
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    rendered = {
        str(key): env.from_string(str(value)).render(env_var=_env_var) for key, value in parameters.items()
    }
    return {key: value for key, value in rendered.items() if value} | FORCED_CONF


def uses_embedded_metastore(conf: dict[str, str]) -> bool:
    return not conf.get(METASTORE_URIS)


class _MetastoreHolder:
    """This process's claim on the metastore: re-entrant within the process, exclusive across
    processes that use this module (a second Spark on the same Derby files would fail to boot it)."""

    def __init__(self) -> None:
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._lock_file: IO[str] | None = None
        self._session: SparkSession | None = None
        self._derby_shut_down = False

    @contextmanager
    def hold(self) -> Iterator[SparkSession]:
        with self._thread_lock:
            if self._session is None:
                self._acquire()
            self._depth += 1
            try:
                assert self._session is not None
                yield self._session
            finally:
                self._depth -= 1

    def release(self) -> None:
        with self._thread_lock:
            if self._depth:
                raise RuntimeError("the metastore is released while a block still uses the Spark session")
            if self._session is not None:
                self._release()

    def _acquire(self) -> None:
        settings = Settings.from_env()
        settings.export_for_dbt()
        conf = spark_conf()
        lock_dir = settings.spark_metastore_dir
        lock_dir.mkdir(parents=True, exist_ok=True)
        settings.spark_warehouse_dir.mkdir(parents=True, exist_ok=True)
        self._lock_file = (lock_dir / LOCK_FILE).open("w")
        fcntl.flock(self._lock_file, fcntl.LOCK_EX)
        try:
            self._session = self._start(conf)
        except BaseException:
            self._unlock()
            raise

    def _start(self, conf: dict[str, str]) -> SparkSession:
        from pyspark import SparkContext
        from pyspark.sql import SparkSession

        if self._derby_shut_down and SparkContext._jvm is not None:
            # A shut-down Derby deregisters its driver; a new instance registers it again.
            SparkContext._jvm.org.apache.derby.jdbc.EmbeddedDriver()
            self._derby_shut_down = False
        builder = SparkSession.builder.enableHiveSupport().appName("upt")
        for key, value in conf.items():
            builder = builder.config(key, value)
        session = builder.getOrCreate()
        session.sparkContext.setLogLevel("ERROR")
        self._embedded = uses_embedded_metastore(conf)
        return session

    def _release(self) -> None:
        session, self._session = self._session, None
        try:
            if session is not None:
                jvm = session.sparkContext._jvm
                session.stop()
                if self._embedded and jvm is not None:
                    # Derby answers a successful shutdown with an exception (XJ015).
                    with suppress(Exception):
                        jvm.java.sql.DriverManager.getConnection("jdbc:derby:;shutdown=true")
                    self._derby_shut_down = True
        finally:
            self._unlock()

    def _unlock(self) -> None:
        if self._lock_file is not None:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None


_HOLDER = _MetastoreHolder()


@contextmanager
def metastore() -> Iterator[SparkSession]:
    """The Spark session; this process holds the metastore from now until `release_metastore()`."""
    with _HOLDER.hold() as session:
        yield session


def release_metastore() -> None:
    """Stop this process's Spark session and free the metastore for another process (dbt)."""
    _HOLDER.release()


def _release_at_exit() -> None:
    with suppress(Exception):  # the JVM may already be going down with the interpreter
        release_metastore()


atexit.register(_release_at_exit)


@contextmanager
def metastore_handed_to_dbt() -> Iterator[None]:
    """Around a dbt command on the `spark` target: dbt's own Spark needs the metastore. The file lock
    is held meanwhile, so no other pipeline process takes the metastore from under dbt."""
    release_metastore()
    settings = Settings.from_env()
    settings.spark_metastore_dir.mkdir(parents=True, exist_ok=True)
    with (settings.spark_metastore_dir / LOCK_FILE).open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def staging_dir() -> Path:
    """Where files handed to Spark are staged (beside its warehouse, so a cluster whose executors
    mount the warehouse folder sees them too)."""
    path = Settings.from_env().spark_warehouse_dir.parent / "staging"
    path.mkdir(parents=True, exist_ok=True)
    return path

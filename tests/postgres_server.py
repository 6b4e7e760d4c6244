"""A real PostgreSQL 15 server on loopback for the tests of the PostgreSQL warehouse.

The server binaries come from Debian's packages and are installed on first use, so a fresh
machine needs nothing set up by hand. PostgreSQL refuses to run as root, so the cluster belongs
to the `postgres` OS user and lives in a temporary folder; it listens on 127.0.0.1 only, on a
free port, with durability off (a test server never has to survive a crash).
"""

from __future__ import annotations

import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import psycopg2
import pytest

from orchestration.system_packages import apt_install

PG_VERSION = "15"
BIN_DIR = Path(f"/usr/lib/postgresql/{PG_VERSION}/bin")
OS_USER = "postgres"
NO_DEFAULT_CLUSTER = Path("/etc/postgresql-common/createcluster.d/no-default-cluster.conf")
SUPERUSER = "postgres"
APP_USER = APP_PASSWORD = APP_DATABASE = "upt"
# Durability off and no background work worth waiting for: a throwaway server, as fast as it goes.
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "50",
}


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    password: str
    dbname: str
    socket_dir: Path = field(repr=False)
    install_seconds: float = field(default=0.0, compare=False)
    start_seconds: float = field(default=0.0, compare=False)

    def env(self) -> dict[str, str]:
        """The variables the dbt profile and the warehouse resource read."""
        return {
            "UPT_PG_HOST": self.host,
            "UPT_PG_PORT": str(self.port),
            "UPT_PG_USER": self.user,
            "UPT_PG_PASSWORD": self.password,
            "UPT_PG_DATABASE": self.dbname,
            "UPT_DBT_TARGET": "postgres",
        }

    def connect(self) -> psycopg2.extensions.connection:
        """A connection as the application role, over TCP with its password."""
        return psycopg2.connect(
            host=self.host, port=self.port, user=self.user, password=self.password, dbname=self.dbname
        )

    def admin_connect(self) -> psycopg2.extensions.connection:
        """An autocommit superuser connection over the server's private Unix socket."""
        con = psycopg2.connect(host=str(self.socket_dir), port=self.port, user=SUPERUSER, dbname="postgres")
        con.autocommit = True
        return con

    @contextmanager
    def fresh_database(self) -> Iterator[PostgresServer]:
        """A new empty database owned by the application role, dropped afterwards."""
        name = f"upt_{uuid.uuid4().hex[:12]}"
        with closing(self.admin_connect()) as con, con.cursor() as cur:
            cur.execute(f'create database "{name}" owner "{self.user}"')
        try:
            yield replace(self, dbname=name)
        finally:
            with closing(self.admin_connect()) as con, con.cursor() as cur:
                cur.execute(f'drop database if exists "{name}" with (force)')


def _run(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> None:
    """Run a command quietly; on failure, raise with everything it printed."""
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def _as_os_user(args: list[str], cwd: Path) -> None:
    _run(["runuser", "-u", OS_USER, "--", *args], cwd=cwd)


def ensure_installed() -> float:
    """Install the server from Debian's packages unless it is there. Returns the seconds it took."""
    started = time.perf_counter()
    if not (BIN_DIR / "initdb").exists():
        # The tests make their own cluster: the package need not create and start its default one.
        NO_DEFAULT_CLUSTER.parent.mkdir(parents=True, exist_ok=True)
        NO_DEFAULT_CLUSTER.write_text("create_main_cluster = false\n")
        # or the release's default version, in case it names no postgresql-15
        apt_install([f"postgresql-{PG_VERSION}|postgresql"], (BIN_DIR / "initdb").exists)
    try:
        pwd.getpwnam(OS_USER)
    except KeyError:  # the Debian package creates it; binaries from elsewhere may not have
        _run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OS_USER])
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(base: Path) -> int:
    """Start the server on a free port; retry when another process took the port meanwhile."""
    data = base / "data"
    for attempt in range(3):
        port = _free_port()
        options = " ".join(f"-c {key}={value}" for key, value in SERVER_SETTINGS.items())
        options += f" -p {port} -c unix_socket_directories={base}"
        try:
            _as_os_user(
                [str(BIN_DIR / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"), "-w", "-t", "60",
                 "-o", options, "start"],
                cwd=base,
            )  # fmt: skip
            return port
        except RuntimeError as exc:
            if attempt == 2:
                log = (base / "server.log").read_text(errors="replace")[-4000:]
                raise RuntimeError(f"{exc}\nserver log:\n{log}") from exc
    raise AssertionError("unreachable")


@contextmanager
def running_server() -> Iterator[PostgresServer]:
    """Install if needed, create a cluster in a temporary folder, start it, and stop it afterwards."""
    install_seconds = ensure_installed()
    started = time.perf_counter()
    # Not under pytest's tmp folder: that one is private to root, and the server runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="upt-postgres-"))
    shutil.chown(base, OS_USER, OS_USER)
    try:
        _as_os_user(
            [str(BIN_DIR / "initdb"), "-D", str(base / "data"), "-U", SUPERUSER, "--auth-local=trust",
             "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync"],
            cwd=base,
        )  # fmt: skip
        port = _start(base)
        try:
            server = PostgresServer(
                host="127.0.0.1", port=port, user=APP_USER, password=APP_PASSWORD, dbname=APP_DATABASE,
                socket_dir=base,
            )  # fmt: skip
            with closing(server.admin_connect()) as con, con.cursor() as cur:
                cur.execute(f"create role {APP_USER} login createdb password %s", [APP_PASSWORD])
                cur.execute(f"create database {APP_DATABASE} owner {APP_USER}")
            yield replace(
                server, install_seconds=install_seconds, start_seconds=time.perf_counter() - started
            )
        finally:
            _as_os_user(
                [str(BIN_DIR / "pg_ctl"), "-D", str(base / "data"), "-m", "immediate", "stop"], cwd=base
            )
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One server for the whole test session."""
    with running_server() as server:
        yield server


@pytest.fixture
def postgres_database(postgres_server: PostgresServer) -> Iterator[PostgresServer]:
    """The shared server, pointed at a new empty database of its own."""
    with postgres_server.fresh_database() as server:
        yield server

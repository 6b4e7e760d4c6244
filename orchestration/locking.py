"""One writer at a time on the DuckDB warehouse file, and one installer or parser at a time on
the machine (`machine_lock`).

DuckDB lets one process open a database file for writing, and no other process open it at all
meanwhile: a second run that opened the file at the same time would fail with a lock error. Every
step that opens the warehouse (raw loads, dbt, the quality gate, the site build) therefore first
takes an exclusive `flock` on `<warehouse>.lock` next to the file, and a second run waits there,
saying who it waits for, until the first one lets go.

The lock is re-entrant within a process, so a step that already holds it can open connections
freely. The kernel releases it when the holding process dies, so a crashed run never leaves the
warehouse locked.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO


def lock_path_for(warehouse_path: Path) -> Path:
    return warehouse_path.with_name(warehouse_path.name + ".lock")


@dataclass
class _Held:
    handle: IO[str]
    depth: int


_held: dict[Path, _Held] = {}
_guard = threading.Lock()


def _describe_holder(handle: IO[str]) -> str:
    """Who holds the lock, from what the holder wrote into the lock file."""
    handle.seek(0)
    try:
        holder = json.loads(handle.read() or "{}")
    except json.JSONDecodeError:
        holder = {}
    if not holder:
        return "another process"
    since = time.strftime("%H:%M:%S", time.localtime(holder.get("since", 0)))
    return f"{holder.get('holder', 'another process')} (pid {holder.get('pid')}, since {since})"


@contextmanager
def warehouse_lock(
    warehouse_path: Path, holder: str, log: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the warehouse's exclusive lock for the duration of the block, waiting for it if needed.

    `holder` says who takes it (a run and step), for the message a waiting process logs.
    """
    key = lock_path_for(Path(warehouse_path).resolve())
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.depth += 1
    if held is None:
        key.parent.mkdir(parents=True, exist_ok=True)
        handle = key.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if log is not None:
                log(
                    f"Waiting for the warehouse {warehouse_path}: it is in use by "
                    f"{_describe_holder(handle)}. This run continues when that one is done."
                )
            started = time.monotonic()
            fcntl.flock(handle, fcntl.LOCK_EX)
            if log is not None:
                log(f"Got the warehouse lock after waiting {time.monotonic() - started:.1f} s.")
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"holder": holder, "pid": os.getpid(), "since": time.time()}))
        handle.flush()
        with _guard:
            _held[key] = held = _Held(handle=handle, depth=1)
    try:
        yield
    finally:
        with _guard:
            held.depth -= 1
            release = held.depth == 0
            if release:
                del _held[key]
        if release:
            held.handle.seek(0)
            held.handle.truncate()
            fcntl.flock(held.handle, fcntl.LOCK_UN)
            held.handle.close()


@contextmanager
def machine_lock(name: str) -> Iterator[None]:
    """An exclusive lock shared by every process on this machine, held for the block."""
    path = Path(tempfile.gettempdir()) / f"upt-{name}.lock"
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

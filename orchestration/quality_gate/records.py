"""The gate's memory: the latest outcome of every check, kept as one JSON file per check.

Loads, GX suites and the dbt build each write their record when they run. A record remembers
since when its check has been failing and the row count of its last passing run (a mart that
collapses is measured against it). The data-trust page and its banner are built from these files,
so they can be published even when the warehouse's marts were not rebuilt.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from orchestration.quality_gate import GX_CHECK_PREFIX

LOAD, GX, DBT = "load", "gx", "dbt"


@dataclass(frozen=True)
class FailureDetail:
    """One thing a check found wrong, with a few offending values."""

    check: str
    severity: str  # critical blocks, warning is shown
    message: str
    column: str | None = None
    unexpected_count: int | None = None
    element_count: int | None = None
    sample_values: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckRecord:
    name: str
    kind: str  # load, gx or dbt
    asset: str  # the Dagster asset the check guards, e.g. raw/oms/orders
    relation: str | None
    passed: bool
    summary: str
    checked_at: str = field(default_factory=lambda: now_iso())
    failing_since: str | None = None
    failures: tuple[FailureDetail, ...] = ()
    row_count: int | None = None
    last_good_row_count: int | None = None
    freshest: str | None = None
    run_id: str | None = None
    details: tuple[dict[str, Any], ...] = ()  # every expectation's outcome, for the results page

    @property
    def blocking(self) -> bool:
        return not self.passed

    @property
    def warnings(self) -> tuple[FailureDetail, ...]:
        return tuple(f for f in self.failures if f.severity != "critical")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _from_dict(doc: dict[str, Any]) -> CheckRecord:
    failures = tuple(
        FailureDetail(**{**f, "sample_values": tuple(f.get("sample_values") or ())})
        for f in doc.get("failures") or ()
    )
    return CheckRecord(**{**doc, "failures": failures, "details": tuple(doc.get("details") or ())})


class GateRecords:
    """The records in `<data dir>/quality/checks/`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def get(self, name: str) -> CheckRecord | None:
        path = self._path(name)
        if not path.exists():
            return None
        return _from_dict(json.loads(path.read_text(encoding="utf-8")))

    def save(self, record: CheckRecord) -> CheckRecord:
        """Store the record, carrying forward since when the check fails and its last good size."""
        previous = self.get(record.name)
        if record.passed:
            record = replace(record, failing_since=None, last_good_row_count=record.row_count)
        else:
            since = previous.failing_since if previous and not previous.passed else None
            record = replace(
                record,
                failing_since=since or record.checked_at,
                last_good_row_count=previous.last_good_row_count if previous else None,
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self._path(f".{record.name}.tmp")
        tmp.write_text(json.dumps(asdict(record), indent=1, default=str), encoding="utf-8")
        os.replace(tmp, self._path(record.name))  # a reader never sees half a record
        return record

    def all(self) -> list[CheckRecord]:
        if not self.folder.exists():
            return []
        return sorted(
            (_from_dict(json.loads(p.read_text(encoding="utf-8"))) for p in self.folder.glob("[!.]*.json")),
            key=lambda r: (r.kind, r.name),
        )

    def last_good_row_counts(self) -> dict[str, int]:
        """Row count of each GX suite's last passing validation, keyed by suite name."""
        return {
            r.name.removeprefix(GX_CHECK_PREFIX): r.last_good_row_count
            for r in self.all()
            if r.kind == GX and r.last_good_row_count
        }

"""One more day of landing files: the exports of the day after the benchmark's last day.

The simulator writes daily files named by their day (`orders_20261101.csv`); monthly, yearly and
snapshot files carry a month or a year, or no date. The new day's delivery is the daily files of
that day, taken from a generation that runs one day further, copied into the landing folder.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from pathlib import Path

_DAILY_FILE = re.compile(r"_(\d{8})\.[a-z]+$")


def file_day(path: Path) -> date | None:
    match = _DAILY_FILE.search(path.name)
    return datetime.strptime(match.group(1), "%Y%m%d").date() if match else None


def deliver_day(exports: Path, landing: Path, day: date) -> list[Path]:
    """Copy the daily files of `day` from `exports` into `landing`; returns the copies."""
    copied = []
    for source in sorted(p for p in exports.rglob("*") if p.is_file() and file_day(p) == day):
        target = landing / source.relative_to(exports)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        copied.append(target)
    return copied

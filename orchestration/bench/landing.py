"""One more day of landing files: the exports of the day after the benchmark's last day.

The simulator writes daily files named by their day (`orders_20261101.csv`); monthly, yearly and
snapshot files carry a month or a year, or no date, or the day they were taken (a reference
table's one file, named by the generation's last day). The company is generated one day further
than the history and that day's files of the daily series are held back, then delivered for the
incremental run; a snapshot stays, since the tables it describes need it from the first run.
(A second generation ending a day later is not a continuation of the first: the simulator
draws its last days differently, and its new day's files name tickets and orders the first
generation never wrote.)
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


def hold_back_day(landing: Path, held_back: Path, day: date) -> list[Path]:
    """Move the files of `day` out of `landing` into `held_back`, except snapshots (a folder's only
    file); returns the files' new paths."""
    files = [p for p in landing.rglob("*") if p.is_file() and file_day(p) == day]
    series = [p for p in files if sum(1 for q in p.parent.iterdir() if q.is_file()) > 1]
    return _move(series, landing, held_back)


def deliver_held_back(held_back: Path, landing: Path) -> list[Path]:
    """Move every held-back file into the landing folder, as a day's delivery."""
    return _move([p for p in held_back.rglob("*") if p.is_file()], held_back, landing)


def _move(files: list[Path], source_dir: Path, target_dir: Path) -> list[Path]:
    moved = []
    for source in sorted(files):
        target = target_dir / source.relative_to(source_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(source, target)
        moved.append(target)
    return moved

"""UTC instants, local wall-clock times and their ISO 8601 text.

Inside the simulator every instant is an int64 of epoch seconds (UTC); ``NAT`` marks a missing
one. Offsets come from an hourly table per time zone, which is exact for the company's zones
because all of their DST switches fall on whole UTC hours.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pyarrow as pa

from orchestration.simulator.columns import put_digits, text_array
from orchestration.simulator.reference import TIMEZONES

NAT = np.iinfo(np.int64).min
DAY = 86_400
HOUR = 3_600
_MARGIN_DAYS = 3


def epoch_seconds(d: date) -> int:
    return int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp())


class Clock:
    """Time-zone arithmetic for the simulated period (plus a margin on both sides)."""

    def __init__(self, start: date, n_days: int) -> None:
        self.t0 = epoch_seconds(start)  # midnight of day 0, as UTC and as a local wall clock
        self._h0 = self.t0 - _MARGIN_DAYS * DAY
        hours = pd.date_range(
            pd.Timestamp(self._h0, unit="s", tz="UTC"), periods=(n_days + 2 * _MARGIN_DAYS) * 24, freq="h"
        )
        naive = _seconds(hours.tz_localize(None))
        self._offsets = np.stack(
            [_seconds(hours.tz_convert(tz).tz_localize(None)) - naive for tz in TIMEZONES]
        )
        self._last_hour = self._offsets.shape[1] - 1

    def offset(self, utc: np.ndarray, tz: np.ndarray | int) -> np.ndarray:
        """UTC offset in seconds of zone ``tz`` at the given instants."""
        hour = np.clip((np.asarray(utc) - self._h0) // HOUR, 0, self._last_hour)
        return self._offsets[tz, hour]

    def to_utc(self, local: np.ndarray, tz: np.ndarray | int) -> np.ndarray:
        """Instant of a local wall-clock time (epoch-based seconds); times in a DST gap shift by the gap."""
        guess = local - self.offset(local, tz)
        return local - self.offset(guess, tz)

    def local(self, utc: np.ndarray, tz: np.ndarray | int) -> np.ndarray:
        return utc + self.offset(utc, tz)

    def local_day(self, utc: np.ndarray, tz: np.ndarray | int) -> np.ndarray:
        """Index of the local calendar day (0 = first simulated day)."""
        return (self.local(utc, tz) - self.t0) // DAY

    def day_start(self, day: np.ndarray | int) -> np.ndarray:
        """Local midnight of a day index, as a wall-clock value (feed to ``to_utc``)."""
        return self.t0 + np.asarray(day, dtype=np.int64) * DAY

    def iso(self, utc: np.ndarray, tz: np.ndarray | int) -> pa.Array:
        """ISO 8601 local time with its offset, e.g. ``2025-03-01T09:15:00-05:00``; NAT becomes null."""
        utc = np.asarray(utc, dtype=np.int64)
        missing = utc == NAT
        safe = np.where(missing, self.t0, utc)
        offset = np.broadcast_to(self.offset(safe, tz), safe.shape)
        return _iso_text(safe + offset, offset, missing)

    def iso_utc(self, utc: np.ndarray) -> pa.Array:
        """ISO 8601 in UTC with an explicit ``+00:00``; NAT becomes null."""
        utc = np.asarray(utc, dtype=np.int64)
        missing = utc == NAT
        return _iso_text(np.where(missing, self.t0, utc), np.zeros(len(utc), dtype=np.int64), missing)


def _seconds(index: pd.DatetimeIndex) -> np.ndarray:
    return index.to_numpy().astype("datetime64[s]").astype(np.int64)


def _civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day of days since 1970-01-01 (proleptic Gregorian)."""
    z = days + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    return yoe + era * 400 + (month <= 2), month, day


def _iso_text(local: np.ndarray, offset: np.ndarray, missing: np.ndarray) -> pa.Array:
    """``YYYY-MM-DDTHH:MM:SS+HH:MM`` written digit by digit."""
    local = np.asarray(local, dtype=np.int64)
    year, month, day = _civil(local // DAY)
    second = local % DAY
    buf = np.empty((len(local), 25), dtype=np.uint8)
    for pos, char in ((4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (22, ":")):
        buf[:, pos] = ord(char)
    put_digits(buf, 0, year, 4)
    put_digits(buf, 5, month, 2)
    put_digits(buf, 8, day, 2)
    put_digits(buf, 11, second // HOUR, 2)
    put_digits(buf, 14, second // 60 % 60, 2)
    put_digits(buf, 17, second % 60, 2)
    buf[:, 19] = np.where(offset < 0, ord("-"), ord("+"))
    minutes = np.abs(offset) // 60
    put_digits(buf, 20, minutes // 60, 2)
    put_digits(buf, 23, minutes % 60, 2)
    return text_array(buf, missing)


def date_array(day: np.ndarray, start: date) -> pa.Array:
    """date32 array of day indexes relative to ``start``."""
    base = (start - date(1970, 1, 1)).days
    return pa.array(np.asarray(day, dtype=np.int32) + base, pa.int32()).cast(pa.date32())

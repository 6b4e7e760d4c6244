"""How numbers, dates, periods and codes read on a page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

_SUFFIXES = ((1e9, "B"), (1e6, "M"), (1e3, "k"))
PERIOD_GRAINS = ("day", "week", "month", "quarter")

# The one place status codes get their words; badges, tables and chart legends all use it.
STATUS_LABELS = {
    "green": "On target",
    "amber": "Within tolerance",
    "red": "Off target",
    "grey": "No reliable data",
}


def format_value(value: Any, unit: str | None = None, digits: int = 1) -> str:
    """A short, readable value: 1.2M USD, 94.1 %, 3.2 days. None reads as an em dash.
    A date with a period grain as its unit ("month", "quarter", …) reads as that period."""
    if value is None:
        return "—"
    if unit in PERIOD_GRAINS and isinstance(value, dt.date):
        return format_period(value, unit)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        number = float(value)
        if number != number:  # NaN
            return "—"
        if unit == "%":
            return f"{number * 100:,.{digits}f} %"
        for threshold, suffix in _SUFFIXES:
            if abs(number) >= threshold:
                text = f"{number / threshold:.{digits}f}{suffix}"
                break
        else:
            text = f"{number:,.{digits}f}" if number % 1 else f"{number:,.0f}"
        return f"{text} {unit}" if unit else text
    return str(value)


def format_delta(value: Any, unit: str | None = None) -> str:
    """A signed change: +4.2 %, −1.3k USD."""
    if value is None:
        return "—"
    number = float(value)
    sign = "+" if number > 0 else "−" if number < 0 else "±"
    return sign + format_value(abs(number), unit)


def format_period(value: Any, grain: str = "month") -> str:
    """A period by its start date: Feb 2025 (month), Q1 2025 (quarter), 2025-02-03 (day, week)."""
    if not isinstance(value, dt.date):
        return format_value(value)
    if grain == "month":
        return value.strftime("%b %Y")
    if grain == "quarter":
        return f"Q{(value.month - 1) // 3 + 1} {value.year}"
    return value.isoformat()


def humanize(code: Any) -> str:
    """A code as words: higher_is_better → Higher is better."""
    if code is None:
        return "—"
    text = str(code).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def status_label(status: Any) -> str:
    """The words for a status; anything unknown reads as no reliable data."""
    return STATUS_LABELS.get(str(status), STATUS_LABELS["grey"])


def trend_quality(change: Any, direction: Any) -> str:
    """Whether a change is good, bad or neutral for a KPI of this direction."""
    if change is None or float(change) == 0 or direction not in ("higher_is_better", "lower_is_better"):
        return "neutral"
    improving = float(change) > 0 if direction == "higher_is_better" else float(change) < 0
    return "good" if improving else "bad"

"""How numbers, dates and units read on a page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

_SUFFIXES = ((1e9, "B"), (1e6, "M"), (1e3, "k"))


def format_value(value: Any, unit: str | None = None, digits: int = 1) -> str:
    """A short, readable value: 1.2M USD, 94.1 %, 3.2 days. None reads as an em dash."""
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        number = float(value)
        if unit == "%":
            return f"{number * 100:.{digits}f} %"
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

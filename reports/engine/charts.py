"""Vega-Lite specs for the chart components, and the JSON data block that carries them.

Specs name colours by CSS custom property ("--accent"); static/charts.js swaps in the current
theme's colour when it draws, so one spec serves the light and the dark theme and a page never
holds script built from data.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from reports.engine.formatting import STATUS_LABELS, format_value, status_label
from reports.engine.queries import QueryResult

Spec = dict[str, Any]

_STATUS_COLOURS = ["--green", "--amber", "--red", "--grey"]  # in the order of STATUS_LABELS
_TIME_UNITS = {"day": "utcyearmonthdate", "week": "utcyearmonthdate", "month": "utcyearmonth"}
_TIME_UNITS["quarter"] = "utcyearquarter"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(spec: Spec) -> Markup:
    """JSON safe inside <script type="application/json">: no `</script>`, `<!--` or line separator
    in the data can end the block, because every `<`, `>` and `&` is written as a JSON escape."""
    text = json.dumps(spec, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for char, escaped in _JSON_ESCAPES.items():
        text = text.replace(char, escaped)
    return Markup(text)


def status_color(field: str = "status_label") -> Spec:
    """Colour by a status's words, with the theme's status colours and a legend below."""
    scale = {"domain": list(STATUS_LABELS.values()), "range": _STATUS_COLOURS}
    return {
        "field": field,
        "type": "nominal",
        "title": "Status",
        "scale": scale,
        "legend": {"orient": "bottom"},
    }


def json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float | Decimal):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def records(data: QueryResult, columns: Iterable[str | None]) -> list[dict[str, Any]]:
    """The rows as JSON values, only the columns the chart draws."""
    wanted = [c for c in dict.fromkeys(columns) if c]
    return [{c: json_value(row.get(c)) for c in wanted} for row in data]


def number_format(unit: str | None) -> str:
    """A d3 format matching format_value: 12.3%, $1.2M, 3.25."""
    if unit == "%":
        return ".1%"
    if unit == "USD":
        return "$,.3~s"
    return ",.2~f"


def axis_title(title: str, unit: str | None) -> str:
    return f"{title} ({unit})" if unit and unit != "%" else title


def _is_temporal(data: QueryResult, column: str) -> bool:
    values = [v for v in data.column(column) if v is not None]
    return bool(values) and all(isinstance(v, dt.date) for v in values)


def category_encoding(data: QueryResult, column: str, title: str | None, grain: str) -> Spec:
    """Dates become a time axis in UTC (no shift by the reader's time zone); anything else keeps
    the query's order."""
    if _is_temporal(data, column):
        return {"field": column, "type": "temporal", "timeUnit": _TIME_UNITS.get(grain, "utcyearmonthdate"),
                "title": title}  # fmt: skip
    return {"field": column, "type": "nominal", "sort": None, "title": title}


def value_encoding(column: str, title: str, unit: str | None, zero: bool = True) -> Spec:
    return {
        "field": column,
        "type": "quantitative",
        "title": title,
        "axis": {"format": number_format(unit)},
        "scale": {"zero": zero},
    }


def tooltip(column: str, title: str, unit: str | None) -> Spec:
    return {"field": column, "type": "quantitative", "title": title, "format": number_format(unit)}


def chart(values: list[dict[str, Any]], description: str, height: int, **body: Any) -> Spec:
    return {
        "description": description,
        "data": {"values": values},
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        **body,
    }


def layer(mark: Spec, **encoding: Any) -> Spec:
    return {"mark": mark, "encoding": encoding}


_BAND = {"type": "area", "color": "--band", "opacity": 0.5}
_TARGET = {"type": "line", "color": "--muted", "strokeDash": [6, 4], "strokeWidth": 1.5}
_ACTUAL = {"type": "line", "color": "--accent", "strokeWidth": 2.5, "point": {"filled": True, "size": 60}}


def line_spec(
    data: QueryResult,
    x: str,
    y: str,
    title: str,
    unit: str | None = None,
    target: str | None = None,
    band_low: str | None = None,
    band_high: str | None = None,
    grain: str = "month",
    x_title: str = "Month",
) -> Spec:
    """Actual as a line with points, the target dashed, the tolerance band shaded behind them."""
    x_enc = category_encoding(data, x, x_title, grain)
    y_title = axis_title(title, unit)
    tips = [x_enc, tooltip(y, "Actual", unit)]
    layers: list[Spec] = []
    if band_low and band_high:
        low = value_encoding(band_low, y_title, unit, zero=False)
        layers.append(layer(_BAND, x=x_enc, y=low, y2={"field": band_high}))
    if target:
        layers.append(layer(_TARGET, x=x_enc, y=value_encoding(target, y_title, unit, zero=False)))
        tips.append(tooltip(target, "Target", unit))
    if band_low and band_high:
        tips += [tooltip(band_low, "Band from", unit), tooltip(band_high, "Band to", unit)]
    actual = value_encoding(y, y_title, unit, zero=False)
    layers.append(layer(_ACTUAL, x=x_enc, y=actual, tooltip=tips))
    values = records(data, [x, y, target, band_low, band_high])
    return chart(values, describe(data, x, y, title, unit, grain), 260, layer=layers)


def bar_spec(
    data: QueryResult,
    x: str,
    y: str,
    title: str,
    unit: str | None = None,
    status: str | None = None,
    horizontal: bool = False,
    grain: str = "month",
    x_title: str | None = None,
) -> Spec:
    """Bars in the query's order, coloured by status when a status column is given."""
    category = category_encoding(data, x, x_title, grain)
    value = value_encoding(y, axis_title(title, unit), unit)
    encoding: Spec = {"x": value, "y": category} if horizontal else {"x": category, "y": value}
    encoding["tooltip"] = [category, tooltip(y, title, unit)]
    values = records(data, [x, y])
    if status:
        for value_row, row in zip(values, data, strict=True):
            value_row["status_label"] = status_label(row.get(status))
        encoding["color"] = status_color()
        encoding["tooltip"].append({"field": "status_label", "title": "Status"})
    height = max(160, 28 * len(values)) if horizontal else 240
    mark = {"type": "bar", "color": "--accent", "cornerRadiusEnd": 2}
    return chart(values, describe_bars(data, x, y, title, unit, grain), height, mark=mark, encoding=encoding)


def sparkline_spec(
    data: QueryResult, x: str, y: str, title: str, unit: str | None = None, grain: str = "month"
) -> Spec:
    """A small trend line without axes; each point has a tooltip."""
    x_enc = {**category_encoding(data, x, "Period", grain), "axis": None}
    y_enc = {**value_encoding(y, title, unit, zero=False), "axis": None}
    mark = {"type": "line", "color": "--accent", "strokeWidth": 2, "point": {"size": 16}}
    spec = chart(records(data, [x, y]), describe(data, x, y, title, unit, grain), 36, mark=mark)
    spec["encoding"] = {"x": x_enc, "y": y_enc, "tooltip": [x_enc, tooltip(y, title, unit)]}
    spec.update(width=140, padding=2, autosize={"type": "fit", "contains": "padding"})
    return spec


def _valued(data: QueryResult, y: str) -> list[dict[str, Any]]:
    return [row for row in data if row.get(y) is not None]


def describe(data: QueryResult, x: str, y: str, title: str, unit: str | None, grain: str = "month") -> str:
    """Alt text for a trend: its span and its latest value."""
    rows = _valued(data, y)
    if not rows:
        return f"{title}: no values yet."
    first, last = (format_value(row.get(x), grain) for row in (rows[0], rows[-1]))
    span = first if first == last else f"{first} to {last}"
    return f"{title}, {len(rows)} values from {span}; latest {format_value(rows[-1][y], unit)}."


def describe_bars(
    data: QueryResult, x: str, y: str, title: str, unit: str | None, grain: str = "month"
) -> str:
    """Alt text for bars: how many, the highest and the lowest."""
    rows = sorted(_valued(data, y), key=lambda row: float(row[y]), reverse=True)
    if not rows:
        return f"{title}: no values yet."
    high, low = (
        f"{format_value(row.get(x), grain)} at {format_value(row[y], unit)}" for row in (rows[0], rows[-1])
    )
    return f"{title}, {len(rows)} bars; highest {high}" + (f", lowest {low}." if len(rows) > 1 else ".")

"""The strategy map: KPIs stacked in rows by perspective, arrows from cause to effect.

Vega-Lite has no graph layout, so nodes are placed here: one row per group in the order the nodes
arrive (outcomes first, so they sit on top), and within a row by the mean position of the
neighbours already placed, which keeps the usual layered map free of most crossings. Each link is
drawn as a curve through three points; a link within one row bends above it so it never runs
through the nodes between its ends.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reports.engine.charts import Spec, json_value, status_color
from reports.engine.formatting import status_label
from reports.engine.queries import QueryResult
from reports.engine.urls import link_to

_ROW_HEIGHT = 130
_NODE_SPACING = 150
_ARROW_AT = 0.55  # arrowheads just past the middle of each link, clear of the nodes
_BEND = 0.4  # how far (in rows) a link within one row rises above it


@dataclass(frozen=True)
class Columns:
    id: str = "kpi_id"
    label: str = "kpi_name"
    group: str = "perspective_name"
    status: str = "status"
    cause: str = "cause_kpi_id"
    effect: str = "effect_kpi_id"
    note: str | None = None


def place(rows: list[list[str]], edges: list[tuple[str, str]]) -> dict[str, tuple[float, int]]:
    """(x in 0..1, row index) for every node id."""
    neighbours: dict[str, set[str]] = {}
    for cause, effect in edges:
        neighbours.setdefault(cause, set()).add(effect)
        neighbours.setdefault(effect, set()).add(cause)
    placed: dict[str, tuple[float, int]] = {}
    for index, row in enumerate(rows):

        def barycentre(node: str, position: int, count: int) -> float:
            known = [placed[n][0] for n in neighbours.get(node, ()) if n in placed]
            return sum(known) / len(known) if known else (position + 0.5) / count

        order = sorted(enumerate(row), key=lambda item: barycentre(item[1], item[0], len(row)))
        for slot, (_, node) in enumerate(order):
            placed[node] = ((slot + 0.5) / len(row), index)
    return placed


def _rows(nodes: QueryResult, cols: Columns) -> tuple[list[str], list[list[str]]]:
    groups: dict[str, list[str]] = {}
    for node in nodes:
        groups.setdefault(str(node.get(cols.group)), []).append(str(node.get(cols.id)))
    return list(groups), list(groups.values())


def map_edges(nodes: QueryResult, links: QueryResult, cols: Columns) -> list[Mapping[str, Any]]:
    """The links between nodes on the map (links to KPIs not shown are left out)."""
    ids = {str(node.get(cols.id)) for node in nodes}
    return [row for row in links if str(row.get(cols.cause)) in ids and str(row.get(cols.effect)) in ids]


_ARROW = {
    "type": "point",
    "shape": "triangle-up",
    "filled": True,
    "size": 90,
    "color": "--line-strong",
    "opacity": 1,
}
_EDGE = {"type": "line", "color": "--line-strong", "strokeWidth": 2, "interpolate": "cardinal"}
_GROUP = {"type": "text", "align": "left", "fontWeight": "bold", "color": "--muted", "fontSize": 12}
_NODE = {"type": "circle", "size": 600, "opacity": 1, "stroke": "--bg", "strokeWidth": 2}
_LABEL = {"type": "text", "baseline": "top", "dy": 17, "lineBreak": "\n", "color": "--fg", "fontSize": 11}


def _layer(values: list[dict[str, Any]], mark: Spec, **encoding: Any) -> Spec:
    return {"data": {"values": values}, "mark": mark, "encoding": encoding}


def strategy_map_spec(
    nodes: QueryResult, links: QueryResult, title: str, cols: Columns, link: str | None = None
) -> Spec:
    groups, rows = _rows(nodes, cols)
    edges = map_edges(nodes, links, cols)
    positions = place(rows, [(str(e.get(cols.cause)), str(e.get(cols.effect))) for e in edges])
    width = max(560, _NODE_SPACING * max((len(r) for r in rows), default=1))
    height = _ROW_HEIGHT * max(len(rows), 1)
    x_scale = {"domain": [0, 1], "nice": False, "zero": False}
    y_scale = {"domain": [len(rows) - 0.5, -0.5], "nice": False, "zero": False}  # first group on top

    def at(x: str, y: str) -> dict[str, Spec]:
        return {
            "x": {"field": x, "type": "quantitative", "axis": None, "scale": x_scale},
            "y": {"field": y, "type": "quantitative", "axis": None, "scale": y_scale},
        }

    labels = {str(n.get(cols.id)): str(n.get(cols.label)) for n in nodes}
    node_values = [_node(n, positions, labels, cols, link) for n in nodes]
    arrows = [_arrow(e, positions, labels, cols, (width, height / max(len(rows), 1))) for e in edges]
    edge_points = [
        {**arrow, "link": index, "step": step, "px": px, "py": py}
        for index, arrow in enumerate(arrows)
        for step, (px, py) in enumerate(arrow.pop("points"))
    ]
    group_values = [{"x": 0.0, "y": index - 0.42, "group": group} for index, group in enumerate(groups)]
    edge_tips = [{"field": "from", "title": "Cause"}, {"field": "to", "title": "Effect"}]
    edge_tips += [{"field": "note", "title": "Why"}] if cols.note else []
    node_tips = [{"field": "name", "title": "KPI"}, {"field": "group", "title": "Perspective"}]
    node_tips += [{"field": "status_label", "title": "Status"}]
    node_encoding = {**at("x", "y"), "color": status_color(), "tooltip": node_tips}
    node_encoding |= {"href": {"field": "href"}} if link else {}
    angle = {"field": "angle", "type": "quantitative", "scale": None}
    curve = {"detail": {"field": "link"}, "order": {"field": "step"}}  # one line per link, in step order
    return {
        "description": describe_map(nodes, edges, cols),
        "width": width,
        "height": height,
        "padding": 8,
        "layer": [
            _layer(edge_points, _EDGE, **at("px", "py"), **curve, tooltip=edge_tips),
            _layer(arrows, _ARROW, **at("x", "y"), angle=angle, tooltip=edge_tips),
            _layer(group_values, _GROUP, **at("x", "y"), text={"field": "group"}),
            _layer(node_values, {**_NODE, "cursor": "pointer" if link else "default"}, **node_encoding),
            _layer(node_values, _LABEL, **at("x", "y"), text={"field": "label"}),
        ],
    }


def _node(
    node: Mapping[str, Any],
    positions: dict[str, tuple[float, int]],
    labels: dict[str, str],
    cols: Columns,
    link: str | None,
) -> dict[str, Any]:
    node_id = str(node.get(cols.id))
    x, y = positions[node_id]
    return {
        "x": x,
        "y": y,
        "label": "\n".join(textwrap.wrap(labels[node_id], 18)[:3]),
        "name": labels[node_id],
        "group": json_value(node.get(cols.group)),
        "status_label": status_label(node.get(cols.status)),
        # chart links are site-rooted without the slash; charts.js resolves them from the page
        **({"href": link_to(link, node).lstrip("/")} if link else {}),
    }


def _arrow(
    edge: Mapping[str, Any],
    positions: dict[str, tuple[float, int]],
    labels: dict[str, str],
    cols: Columns,
    pixels: tuple[float, float],  # one x unit and one row, in pixels
) -> dict[str, Any]:
    """A link's arrowhead (where and which way it points) and the three points its curve runs
    through: cause, arrowhead, effect."""
    cause, effect = str(edge.get(cols.cause)), str(edge.get(cols.effect))
    (x1, y1), (x2, y2) = positions[cause], positions[effect]
    mx, my = x1 + (x2 - x1) * _ARROW_AT, y1 + (y2 - y1) * _ARROW_AT
    if y1 == y2:
        mx, my = (x1 + x2) / 2, y1 - _BEND
    # The curve's direction at the arrowhead is that of cause → effect, taken in pixels so the
    # arrow follows the link at the chart's real size.
    dx, dy = (x2 - x1) * pixels[0], (y2 - y1) * pixels[1]
    return {
        "x": mx,
        "y": my,
        "angle": math.degrees(math.atan2(dx, -dy)) % 360,
        "from": labels[cause],
        "to": labels[effect],
        **({"note": json_value(edge.get(cols.note))} if cols.note else {}),
        "points": [(x1, y1), (mx, my), (x2, y2)],
    }


def describe_map(nodes: QueryResult, edges: list[Mapping[str, Any]], cols: Columns) -> str:
    counts: dict[str, int] = {}
    for node in nodes:
        label = status_label(node.get(cols.status)).lower()
        counts[label] = counts.get(label, 0) + 1
    by_status = ", ".join(f"{count} {label}" for label, count in counts.items())
    return f"Strategy map of {len(nodes)} KPIs with {len(edges)} cause-and-effect links; {by_status}."


def link_rows(nodes: QueryResult, links: QueryResult, cols: Columns) -> QueryResult:
    """The map as a table: cause, its status, effect, its status (and why), for the fallback."""
    by_id = {str(n.get(cols.id)): n for n in nodes}
    rows = []
    for edge in map_edges(nodes, links, cols):
        cause, effect = by_id[str(edge.get(cols.cause))], by_id[str(edge.get(cols.effect))]
        rows.append(
            {
                "cause": cause.get(cols.label),
                "cause_status": cause.get(cols.status),
                "effect": effect.get(cols.label),
                "effect_status": effect.get(cols.status),
                "note": edge.get(cols.note) if cols.note else None,
            }
        )
    columns = ("cause", "cause_status", "effect", "effect_status", *(("note",) if cols.note else ()))
    return QueryResult(name="strategy_links", columns=columns, rows=tuple(rows))

"""A short scorecard summary for the terminal, read from the published marts."""

from __future__ import annotations

from pathlib import Path

import duckdb

from reports.engine.formatting import format_value

_LATEST_MONTH = """
select
    kpi.kpi_name,
    kpi.perspective,
    kpi.unit,
    kpi_values.period_start,
    kpi_values.actual_value,
    kpi_values.target_value,
    kpi_values.status
from scorecard.fct_kpi_values as kpi_values
inner join core.dim_kpi as kpi on kpi_values.kpi_id = kpi.kpi_id
where kpi_values.period_grain = 'month' and kpi_values.region_code = 'ALL'
qualify row_number() over (partition by kpi_values.kpi_id order by kpi_values.period_start desc) = 1
order by kpi.perspective, kpi.kpi_name
"""


def scorecard_summary(warehouse_path: Path) -> str:
    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        rows = con.execute(_LATEST_MONTH).fetchall()
    finally:
        con.close()
    lines = [f"{'KPI':<28} {'month':<10} {'actual':>14} {'target':>14}  status"]
    for name, _perspective, unit, month, actual, target, status in rows:
        actual_text, target_text = format_value(actual, unit), format_value(target, unit)
        lines.append(f"{name:<28} {month!s:<10} {actual_text:>14} {target_text:>14}  {status}")
    return "\n".join(lines)

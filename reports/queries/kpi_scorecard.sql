-- One row per KPI in the catalogue: its attributes beside the reporting month. A KPI with no data
-- that month keeps its row, with empty values and a grey status.
select
    kpi.kpi_id,
    kpi.kpi_name,
    kpi.kpi_description,
    kpi.perspective,
    perspectives.perspective_name,
    perspectives.perspective_order,
    kpi.org_unit_id,
    coalesce(org_units.org_unit_name, kpi.org_unit_id) as org_unit_name,
    kpi.owner_role,
    kpi.unit,
    kpi.direction,
    months.period_start,
    months.actual_value,
    months.target_value,
    months.variance_pct,
    months.previous_value,
    coalesce(months.status, 'grey') as status,
    months.score
from core.dim_kpi as kpi
inner join perspectives on kpi.perspective = perspectives.perspective
left join core.dim_org_unit as org_units on kpi.org_unit_id = org_units.org_unit_id
left join reporting_month on true  -- no rows before the first data
left join kpi_months as months
    on kpi.kpi_id = months.kpi_id and reporting_month.period_start = months.period_start

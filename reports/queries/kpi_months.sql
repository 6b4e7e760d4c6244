-- Every KPI by month for the whole company (all regions) up to the reporting month, with the
-- month before's actual and the tolerance band: the rows KPI charts, big values and scorecard
-- tables read.
-- The band is where a miss is still amber under the kpi_status macro (up to tolerance_pct of the
-- target); for a target_band KPI it is the target band itself.
select
    kpi_values.kpi_id,
    kpi_values.period_start,
    kpi_values.period_end,
    kpi_values.is_complete_period,
    kpi.unit,
    kpi.direction,
    kpi_values.actual_value,
    kpi_values.target_value,
    kpi_values.target_low,
    kpi_values.target_high,
    kpi_values.tolerance_pct,
    kpi_values.variance_pct,
    kpi_values.status,
    kpi_values.score,
    lag(kpi_values.actual_value) over (
        partition by kpi_values.kpi_id order by kpi_values.period_start
    ) as previous_value,
    case kpi.direction
        when 'higher_is_better'
            then kpi_values.target_value - abs(kpi_values.target_value) * coalesce(kpi_values.tolerance_pct, 0)
        when 'lower_is_better' then kpi_values.target_value
        when 'target_band' then kpi_values.target_low
    end as band_low,
    case kpi.direction
        when 'higher_is_better' then kpi_values.target_value
        when 'lower_is_better'
            then kpi_values.target_value + abs(kpi_values.target_value) * coalesce(kpi_values.tolerance_pct, 0)
        when 'target_band' then kpi_values.target_high
    end as band_high
from scorecard.fct_kpi_values as kpi_values
inner join core.dim_kpi as kpi
    on kpi_values.kpi_id = kpi.kpi_id and kpi_values.org_unit_id = kpi.org_unit_id
where
    kpi_values.period_grain = 'month'
    and kpi_values.region_code = 'ALL'
    and kpi_values.period_start <= (select period_start from reporting_month)

-- The month the site reports on: the latest month in which any KPI has a value, so a month that
-- has only just begun does not blank the scorecard. Histories stop at this month too.
with

months as (

    select period_start, is_complete_period
    from scorecard.fct_kpi_values
    where period_grain = 'month' and actual_value is not null

)

select
    period_start,
    bool_and(is_complete_period) as is_complete_period
from months
where period_start = (select max(period_start) from months)
group by period_start

-- The balanced scorecard rollup by month up to the reporting month: a 0–10 score per perspective
-- and overall, for the company and for each org unit, with the month before's score. A higher
-- score is better.
select
    org_unit_id,
    scorecard_scope,
    period_start,
    period_end,
    score,
    status,
    kpi_count,
    green_count,
    amber_count,
    red_count,
    grey_count,
    'higher_is_better' as direction,
    lag(score) over (partition by org_unit_id, scorecard_scope order by period_start) as previous_score
from scorecard.fct_scorecard
where period_grain = 'month' and period_start <= (select period_start from reporting_month)

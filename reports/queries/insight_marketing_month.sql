-- The latest complete month of web sessions: the month before the latest one with sessions.
select max(funnel.month_start) as month_start
from insights.fct_funnel_steps as funnel
where funnel.month_start < (select max(latest.month_start) from insights.fct_funnel_steps as latest)

-- Unusual moves (the alert level) of the last five weeks of data, most severe and newest first,
-- each with its plain-language sentence.
select
    insights.insight_rank,
    insights.metric_id,
    insights.kpi_id,
    insights.metric_name,
    insights.region_code,
    insights.period_grain,
    insights.period_start,
    insights.metric_value,
    insights.reference_value,
    insights.change_pct,
    insights.score as robust_z,
    insights.severity,
    insights.sentence
from insights.fct_insights as insights
where
    insights.insight_kind = 'anomaly'
    and insights.period_start
    > (select max(anomalies.period_start) - interval 35 day from insights.fct_anomalies as anomalies)
order by insights.insight_rank

-- Each series' daily surprise, the input of the driver analysis: the robust z of the rolling week
-- up to each day against its own seasonal baseline (so growth, weekdays and the season are taken
-- out and only the unexpected is left, and a lumpy series such as training hours shows a lasting
-- gap as clearly as a spike), clipped at ±10 so one extreme week cannot make a correlation.
with

scores as (

    select * from {{ ref('int_insight_anomaly_scores') }}
    where period_grain = 'rolling_week' and robust_z is not null

)

select
    series_id,
    metric_id,
    metric_kind,
    department,
    region_code,
    period_end as date_day,
    day_number,
    least(10.0, greatest(-10.0, robust_z)) as surprise_7d
from scores

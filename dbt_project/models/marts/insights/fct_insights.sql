-- One row per insight, each with a plain-language sentence a stakeholder can read without the
-- tables behind it: unusual moves and their likely causes, where each KPI is heading against its
-- target, clear trends, big month-on-month changes, what the data says about the strategy map,
-- experiment results, funnel steps that changed and the return of each paid channel.
-- insight_rank orders them for a reader: most severe first, then the most recent.
with

moves as (

    select * from {{ ref('int_insight_sentences_moves') }}

),

outlook as (

    select * from {{ ref('int_insight_sentences_outlook') }}

),

causes_and_marketing as (

    select * from {{ ref('int_insight_sentences_causes_and_marketing') }}

),

unioned as (

    select * from moves
    union all
    select * from outlook
    union all
    select * from causes_and_marketing

),

final as (

    select
        {{ surrogate_key([
            'insight_kind', 'metric_id', 'org_unit_id', 'region_code', 'period_grain', 'period_start',
            'driver_1_metric_id',
        ]) }}
            as insight_id,
        insight_kind,
        metric_id,
        kpi_id,
        metric_name,
        org_unit_id,
        region_code,
        period_grain,
        period_start,
        period_end,
        metric_value,
        reference_value,
        change_pct,
        score,
        severity,
        severity_rank,
        driver_1_metric_id,
        driver_2_metric_id,
        driver_3_metric_id,
        sentence,
        row_number() over (
            order by
                severity_rank desc,
                period_start desc,
                abs(coalesce(score, 0)) desc,
                insight_kind asc,
                metric_id asc,
                region_code asc
        ) as insight_rank
    from unioned

)

-- explicit types, so the contract holds on every warehouse
select
    insight_id,
    insight_kind,
    metric_id,
    kpi_id,
    metric_name,
    org_unit_id,
    region_code,
    period_grain,
    period_start,
    period_end,
    cast(metric_value as {{ type_double() }}) as metric_value,
    cast(reference_value as {{ type_double() }}) as reference_value,
    cast(change_pct as {{ type_double() }}) as change_pct,
    cast(score as {{ type_double() }}) as score,
    severity,
    cast(severity_rank as {{ dbt.type_bigint() }}) as severity_rank,
    driver_1_metric_id,
    driver_2_metric_id,
    driver_3_metric_id,
    sentence,
    cast(insight_rank as {{ dbt.type_bigint() }}) as insight_rank
from final

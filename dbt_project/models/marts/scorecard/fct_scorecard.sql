-- The balanced scorecard: for every period, a weighted 0–10 score per perspective and overall,
-- for the whole company (all KPIs) and for each org unit (the KPIs it owns), with how many KPIs
-- are green, amber, red and grey.
with

kpi_values as (

    select * from {{ ref('fct_kpi_values') }}
    where region_code = 'ALL'

),

weights as (

    select * from {{ ref('scorecard_weights') }}

),

weighted as (

    select
        kpi_values.*,
        coalesce(kpi_weights.weight, 1.0) as kpi_weight

    from kpi_values
    left join weights as kpi_weights
        on
            kpi_weights.weight_type = 'kpi'
            and kpi_values.kpi_id = kpi_weights.item_id

),

scoped as (

    -- every KPI counts for the company; each also counts for the org unit that owns it
    select
        'company' as scope_org_unit_id,
        perspective,
        period_grain,
        period_start,
        period_end,
        score,
        status,
        kpi_weight
    from weighted

    union all

    select
        org_unit_id as scope_org_unit_id,
        perspective,
        period_grain,
        period_start,
        period_end,
        score,
        status,
        kpi_weight
    from weighted
    where org_unit_id <> 'company'

),

perspectives as (

    select
        scoped.scope_org_unit_id as org_unit_id,
        scoped.perspective as scorecard_scope,
        scoped.period_grain,
        scoped.period_start,
        max(scoped.period_end) as period_end,
        sum(scoped.score * scoped.kpi_weight)
        / nullif(sum(case when scoped.score is not null then scoped.kpi_weight end), 0) as score,
        count(*) as kpi_count,
        sum(case when scoped.status = 'green' then 1 else 0 end) as green_count,
        sum(case when scoped.status = 'amber' then 1 else 0 end) as amber_count,
        sum(case when scoped.status = 'red' then 1 else 0 end) as red_count,
        sum(case when scoped.status = 'grey' then 1 else 0 end) as grey_count

    from scoped
    group by scoped.scope_org_unit_id, scoped.perspective, scoped.period_grain, scoped.period_start

),

overall as (

    select
        perspectives.org_unit_id,
        'overall' as scorecard_scope,
        perspectives.period_grain,
        perspectives.period_start,
        max(perspectives.period_end) as period_end,
        sum(perspectives.score * perspective_weights.weight)
        / nullif(sum(case when perspectives.score is not null then perspective_weights.weight end), 0)
            as score,
        sum(perspectives.kpi_count) as kpi_count,
        sum(perspectives.green_count) as green_count,
        sum(perspectives.amber_count) as amber_count,
        sum(perspectives.red_count) as red_count,
        sum(perspectives.grey_count) as grey_count

    from perspectives
    inner join weights as perspective_weights
        on
            perspective_weights.weight_type = 'perspective'
            and perspectives.scorecard_scope = perspective_weights.item_id
    group by perspectives.org_unit_id, perspectives.period_grain, perspectives.period_start

),

unioned as (

    select * from perspectives
    union all
    select * from overall

),

final as (

    select
        -- keys
        {{ surrogate_key(['org_unit_id', 'scorecard_scope', 'period_grain', 'period_start']) }} as scorecard_id,
        org_unit_id,
        scorecard_scope,
        period_grain,
        period_start,
        period_end,

        -- measures
        score,
        {{ rollup_status('score') }} as status,
        cast(kpi_count as {{ dbt.type_bigint() }}) as kpi_count,
        cast(green_count as {{ dbt.type_bigint() }}) as green_count,
        cast(amber_count as {{ dbt.type_bigint() }}) as amber_count,
        cast(red_count as {{ dbt.type_bigint() }}) as red_count,
        cast(grey_count as {{ dbt.type_bigint() }}) as grey_count

    from unioned

)

select * from final

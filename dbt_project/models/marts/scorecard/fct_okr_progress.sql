-- OKR progress: each key result's KPI for its quarter against the key result's baseline and
-- target. Progress is the share of the way from baseline to target, between 0 and 1.
with

okrs as (

    select * from {{ ref('okrs') }}

),

kpi_values as (

    select * from {{ ref('fct_kpi_values') }}
    where period_grain = 'quarter' and region_code = 'ALL'

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

joined as (

    select
        okrs.objective_id,
        okrs.objective,
        okrs.key_result_id,
        okrs.key_result,
        okrs.kpi_id,
        okrs.quarter_start,
        okrs.owner_role,
        okrs.baseline_value,
        okrs.target_value,
        kpi_values.actual_value,
        kpi_values.is_complete_period,
        kpi_values.latest_data_date

    from okrs
    inner join kpis on okrs.kpi_id = kpis.kpi_id
    left join kpi_values
        on
            okrs.kpi_id = kpi_values.kpi_id
            and kpis.org_unit_id = kpi_values.org_unit_id
            and okrs.quarter_start = kpi_values.period_start

),

final as (

    select
        -- keys
        key_result_id,
        objective_id,
        kpi_id,
        quarter_start,

        -- dimensions
        objective,
        key_result,
        owner_role,
        is_complete_period,
        latest_data_date,

        -- measures
        baseline_value,
        target_value,
        actual_value,
        case
            when actual_value is null or target_value = baseline_value then null
            else least(1.0, greatest(0.0, (actual_value - baseline_value) / (target_value - baseline_value)))
        end as progress,
        case
            when actual_value is null then 'no data'
            when (actual_value - baseline_value) / nullif(target_value - baseline_value, 0) >= 1 then 'achieved'
            when (actual_value - baseline_value) / nullif(target_value - baseline_value, 0) >= 0.7 then 'on track'
            else 'at risk'
        end as progress_status

    from joined

)

select * from final

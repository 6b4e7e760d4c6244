-- The strategy map: which KPI is expected to drive which, in which direction and after how long.
with

strategy_map as (

    select * from {{ ref('strategy_map') }}

),

final as (

    select
        {{ surrogate_key(['cause_kpi_id', 'effect_kpi_id']) }} as strategy_link_id,
        cause_kpi_id,
        effect_kpi_id,
        expected_sign,
        lag_days,
        rationale

    from strategy_map

)

select * from final

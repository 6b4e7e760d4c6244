-- Driver analysis: for each cause and effect series in a region, the lag (0 to 28 days) at which
-- unexpected moves of the cause line up best with those of the effect, the correlation there and
-- its p-value. Strategy-map links are checked against it (confirmed: the expected sign is found
-- within a week of the expected lag; contradicted: the opposite sign is; not found: neither), and
-- the strongest links between KPIs of different departments that the map lacks are proposed.
{%- set max_p_value = 0.01 %}
{%- set min_correlation = 0.2 %}
{%- set lag_tolerance_days = 7 %}
{%- set proposals = 5 %}
with

correlations as (

    select * from {{ ref('int_insight_lagged_correlations') }}

),

strategy_links as (

    select * from {{ ref('dim_strategy_link') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

ranked_lags as (

    select
        *,
        row_number() over (
            partition by cause_metric_id, effect_metric_id, cause_region_code, region_code
            order by abs(correlation) desc, lag_days
        ) as lag_rank
    from correlations

),

best as (

    select * from ranked_lags
    where lag_rank = 1

),

near_expected as (

    -- the strongest correlation within a week of the lag the map expects, by sign
    select
        correlations.cause_metric_id,
        correlations.effect_metric_id,
        correlations.cause_region_code,
        correlations.region_code,
        max(
            case
                when correlations.correlation * strategy_links.expected_sign > 0
                    and correlations.p_value < {{ max_p_value }}
                    and abs(correlations.correlation) >= {{ min_correlation }}
                    then abs(correlations.correlation)
            end
        ) as supporting_correlation,
        max(
            case
                when correlations.correlation * strategy_links.expected_sign < 0
                    and correlations.p_value < {{ max_p_value }}
                    and abs(correlations.correlation) >= {{ min_correlation }}
                    then abs(correlations.correlation)
            end
        ) as contradicting_correlation
    from correlations
    inner join strategy_links
        on
            correlations.cause_metric_id = strategy_links.cause_kpi_id
            and correlations.effect_metric_id = strategy_links.effect_kpi_id
    where abs(correlations.lag_days - strategy_links.lag_days) <= {{ lag_tolerance_days }}
    group by
        correlations.cause_metric_id,
        correlations.effect_metric_id,
        correlations.cause_region_code,
        correlations.region_code

),

joined as (

    select
        best.cause_metric_id,
        best.effect_metric_id,
        best.cause_region_code,
        best.region_code,
        cause_kpi.department as cause_department,
        effect_kpi.department as effect_department,
        cause_kpi.kpi_id is not null and effect_kpi.kpi_id is not null as is_kpi_pair,
        best.lag_days as best_lag_days,
        best.correlation,
        best.days_compared,
        best.p_value,
        best.p_value < {{ max_p_value }} and abs(best.correlation) >= {{ min_correlation }} as is_significant,
        strategy_links.cause_kpi_id is not null as is_in_strategy_map,
        strategy_links.expected_sign,
        strategy_links.lag_days as expected_lag_days,
        case
            when strategy_links.cause_kpi_id is null then null
            when near_expected.supporting_correlation is not null
                and (
                    near_expected.contradicting_correlation is null
                    or near_expected.supporting_correlation >= near_expected.contradicting_correlation
                )
                then 'confirmed'
            when near_expected.contradicting_correlation is not null then 'contradicted'
            else 'not_found'
        end as link_verdict
    from best
    left join kpis as cause_kpi on best.cause_metric_id = cause_kpi.kpi_id
    left join kpis as effect_kpi on best.effect_metric_id = effect_kpi.kpi_id
    left join strategy_links
        on
            best.cause_metric_id = strategy_links.cause_kpi_id
            and best.effect_metric_id = strategy_links.effect_kpi_id
    left join near_expected
        on
            best.cause_metric_id = near_expected.cause_metric_id
            and best.effect_metric_id = near_expected.effect_metric_id
            and best.cause_region_code = near_expected.cause_region_code
            and best.region_code = near_expected.region_code

),

proposals as (

    select
        cause_metric_id,
        effect_metric_id,
        cause_region_code,
        region_code,
        row_number()
            over (partition by region_code order by abs(correlation) desc, cause_metric_id asc, effect_metric_id asc)
            as proposal_rank
    from joined
    where
        is_kpi_pair
        and is_significant
        and not is_in_strategy_map
        and cause_department <> effect_department
        and cause_region_code = region_code

),

final as (

    select
        {{ surrogate_key(
            ['joined.cause_metric_id', 'joined.effect_metric_id', 'joined.cause_region_code', 'joined.region_code']
        ) }} as kpi_driver_id,
        joined.cause_metric_id,
        joined.effect_metric_id,
        joined.cause_region_code,
        joined.region_code,
        joined.cause_department,
        joined.effect_department,
        joined.is_kpi_pair,
        joined.best_lag_days,
        joined.correlation,
        joined.days_compared,
        joined.p_value,
        joined.is_significant,
        joined.is_in_strategy_map,
        joined.expected_sign,
        joined.expected_lag_days,
        joined.link_verdict,
        case when proposals.proposal_rank <= {{ proposals }} then proposals.proposal_rank end as proposal_rank
    from joined
    left join proposals
        on
            joined.cause_metric_id = proposals.cause_metric_id
            and joined.effect_metric_id = proposals.effect_metric_id
            and joined.cause_region_code = proposals.cause_region_code
            and joined.region_code = proposals.region_code

)

-- explicit types, so the contract holds on every warehouse
select
    kpi_driver_id,
    cause_metric_id,
    effect_metric_id,
    cause_region_code,
    region_code,
    cause_department,
    effect_department,
    is_kpi_pair,
    cast(best_lag_days as {{ dbt.type_bigint() }}) as best_lag_days,
    cast(correlation as {{ type_double() }}) as correlation,
    cast(days_compared as {{ dbt.type_bigint() }}) as days_compared,
    cast(p_value as {{ type_double() }}) as p_value,
    is_significant,
    is_in_strategy_map,
    cast(expected_sign as {{ dbt.type_bigint() }}) as expected_sign,
    cast(expected_lag_days as {{ dbt.type_bigint() }}) as expected_lag_days,
    link_verdict,
    cast(proposal_rank as {{ dbt.type_bigint() }}) as proposal_rank
from final

-- A/B experiment results, one row per experiment and treatment variant: the primary metric of
-- control and treatment (the rate of reaching the experiment's funnel step from the step before,
-- over sessions), the lift with a 95% confidence interval (unpooled standard error), the
-- two-sided p-value of the pooled two-proportion z test, and a sample-ratio-mismatch check: a
-- chi-square test of the visitors per variant against the equal split assignment is designed
-- for. SQL has no erf, so p-values use the normal_cdf macro (Zelen & Severo approximation).
{%- set z_95 = 1.96 %}
{%- set alpha = 0.05 %}
{%- set srm_alpha = 0.001 %}
with

variants as (

    select * from {{ ref('int_experiment_variants_compared') }}

),

assignments as (

    select * from {{ ref('int_experiment_assignments_joined') }}

),

experiments as (

    select
        experiment_id,
        max(experiment_start_date) as start_date,
        max(experiment_end_date) as end_date
    from assignments
    group by experiment_id

),

allocation as (

    select
        experiment_id,
        count(*) as variant_count,
        sum(visitors) as total_visitors
    from variants
    group by experiment_id

),

sample_ratio as (

    select
        variants.experiment_id,
        sum(
            (variants.visitors - allocation.total_visitors * 1.0 / allocation.variant_count)
            * (variants.visitors - allocation.total_visitors * 1.0 / allocation.variant_count)
            / (allocation.total_visitors * 1.0 / allocation.variant_count)
        ) as srm_chi_square,
        max(allocation.variant_count) - 1 as srm_degrees_of_freedom
    from variants
    inner join allocation on variants.experiment_id = allocation.experiment_id
    group by variants.experiment_id

),

treatments as (

    select
        variants.*,
        control.visitors as control_visitors,
        control.primary_base_sessions as control_base_sessions,
        cast(variants.primary_rate - variants.control_rate as {{ type_double() }}) as absolute_lift,
        sqrt(
            variants.primary_rate * (1 - variants.primary_rate) / nullif(variants.primary_base_sessions, 0)
            + variants.control_rate * (1 - variants.control_rate) / nullif(control.primary_base_sessions, 0)
        ) as lift_standard_error
    from variants
    inner join variants as control
        on variants.experiment_id = control.experiment_id and control.variant = 'control'
    where variants.variant <> 'control'

),

final as (

    select
        {{ surrogate_key(['treatments.experiment_id', 'treatments.variant']) }} as experiment_result_id,
        treatments.experiment_id,
        treatments.variant,
        treatments.experiment_name,
        treatments.funnel_step,
        experiments.start_date,
        experiments.end_date,
        treatments.control_visitors,
        treatments.visitors as treatment_visitors,
        treatments.control_base_sessions,
        treatments.primary_base_sessions as treatment_base_sessions,
        treatments.control_rate,
        treatments.primary_rate as treatment_rate,
        treatments.absolute_lift,
        treatments.relative_lift,
        treatments.absolute_lift - {{ z_95 }} * treatments.lift_standard_error as absolute_lift_low,
        treatments.absolute_lift + {{ z_95 }} * treatments.lift_standard_error as absolute_lift_high,
        case when treatments.control_rate > 0
                then (treatments.absolute_lift - {{ z_95 }} * treatments.lift_standard_error) / treatments.control_rate
        end as relative_lift_low,
        case when treatments.control_rate > 0
                then (treatments.absolute_lift + {{ z_95 }} * treatments.lift_standard_error) / treatments.control_rate
        end as relative_lift_high,
        treatments.z_statistic,
        {{ normal_two_sided_p('treatments.z_statistic') }} as p_value,
        sample_ratio.srm_chi_square,
        case
            -- one degree of freedom: the chi-square is a squared normal, so the p-value is exact
            when sample_ratio.srm_degrees_of_freedom = 1
                then {{ normal_two_sided_p('sqrt(sample_ratio.srm_chi_square)') }}
            else {{ chi_square_p('sample_ratio.srm_chi_square', 'sample_ratio.srm_degrees_of_freedom') }}
        end as srm_p_value
    from treatments
    inner join sample_ratio on treatments.experiment_id = sample_ratio.experiment_id
    left join experiments on treatments.experiment_id = experiments.experiment_id

),

judged as (

    select
        *,
        srm_p_value < {{ srm_alpha }} as has_sample_ratio_mismatch,
        case
            when srm_p_value < {{ srm_alpha }} then 'sample_ratio_mismatch'
            when p_value is null then 'not_enough_data'
            when p_value < {{ alpha }} and absolute_lift > 0 then 'treatment_better'
            when p_value < {{ alpha }} and absolute_lift < 0 then 'treatment_worse'
            else 'no_significant_difference'
        end as verdict
    from final

)

-- explicit types, so the contract holds on every warehouse
select
    experiment_result_id,
    experiment_id,
    variant,
    experiment_name,
    funnel_step,
    start_date,
    end_date,
    cast(control_visitors as {{ dbt.type_bigint() }}) as control_visitors,
    cast(treatment_visitors as {{ dbt.type_bigint() }}) as treatment_visitors,
    cast(control_base_sessions as {{ dbt.type_bigint() }}) as control_base_sessions,
    cast(treatment_base_sessions as {{ dbt.type_bigint() }}) as treatment_base_sessions,
    cast(control_rate as {{ type_double() }}) as control_rate,
    cast(treatment_rate as {{ type_double() }}) as treatment_rate,
    cast(absolute_lift as {{ type_double() }}) as absolute_lift,
    cast(relative_lift as {{ type_double() }}) as relative_lift,
    cast(absolute_lift_low as {{ type_double() }}) as absolute_lift_low,
    cast(absolute_lift_high as {{ type_double() }}) as absolute_lift_high,
    cast(relative_lift_low as {{ type_double() }}) as relative_lift_low,
    cast(relative_lift_high as {{ type_double() }}) as relative_lift_high,
    cast(z_statistic as {{ type_double() }}) as z_statistic,
    cast(p_value as {{ type_double() }}) as p_value,
    cast(srm_chi_square as {{ type_double() }}) as srm_chi_square,
    cast(srm_p_value as {{ type_double() }}) as srm_p_value,
    has_sample_ratio_mismatch,
    verdict
from judged

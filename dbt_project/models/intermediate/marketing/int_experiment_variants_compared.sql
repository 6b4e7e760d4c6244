-- One row per experiment and variant: visitors, sessions and the primary metric (the rate of
-- reaching the experiment's funnel step from the step before, over sessions), with the treatment's
-- relative lift over control and a two-proportion z statistic (pooled) on the treatment row.
with

assignments as (

    select * from {{ ref('int_experiment_assignments_joined') }}

),

by_variant as (

    select
        experiment_id,
        variant,
        max(experiment_name) as experiment_name,
        max(funnel_step) as funnel_step,
        count(*) as visitors,
        sum(sessions) as sessions,
        sum(purchase_sessions) as purchase_sessions,
        sum(primary_step_sessions) as primary_step_sessions,
        sum(primary_base_sessions) as primary_base_sessions

    from assignments
    group by experiment_id, variant

),

with_rate as (

    select
        *,
        case
            when primary_base_sessions > 0
                then cast(primary_step_sessions as {{ type_double() }}) / primary_base_sessions
        end as primary_rate
    from by_variant

),

control as (

    select
        experiment_id,
        primary_step_sessions as control_step_sessions,
        primary_base_sessions as control_base_sessions,
        primary_rate as control_rate
    from with_rate
    where variant = 'control'

),

compared as (

    select
        with_rate.*,
        control.control_rate,
        control.control_base_sessions,
        case
            when with_rate.variant <> 'control' and control.control_rate > 0
                then with_rate.primary_rate / control.control_rate - 1
        end as relative_lift,
        case
            when with_rate.variant <> 'control'
                then
                    cast(with_rate.primary_step_sessions + control.control_step_sessions as {{ type_double() }})
                    / nullif(with_rate.primary_base_sessions + control.control_base_sessions, 0)
        end as pooled_rate

    from with_rate
    left join control on with_rate.experiment_id = control.experiment_id

),

final as (

    select
        experiment_id,
        variant,
        experiment_name,
        funnel_step,
        visitors,
        sessions,
        purchase_sessions,
        primary_step_sessions,
        primary_base_sessions,
        primary_rate,
        control_rate,
        relative_lift,
        case
            when
                pooled_rate > 0 and pooled_rate < 1
                and primary_base_sessions > 0 and control_base_sessions > 0
                then
                    (primary_rate - control_rate)
                    / sqrt(
                        pooled_rate * (1 - pooled_rate)
                        * (1.0 / primary_base_sessions + 1.0 / control_base_sessions)
                    )
        end as z_statistic

    from compared

)

select * from final

-- One row per experiment and visitor: the assigned variant, the experiment's primary funnel step
-- and what the visitor's sessions in the experiment did. The primary metric of an experiment is
-- the rate of reaching its funnel step from the step before, counted over sessions:
-- primary_step_sessions / primary_base_sessions.
with

assignments as (

    select * from {{ ref('stg_marketing__experiment_assignments') }}

),

experiments as (

    select * from {{ ref('stg_marketing__experiments') }}

),

sessions as (

    select * from {{ ref('int_sessions_attributed') }}

),

visitor_sessions as (

    select
        experiment_id,
        visitor_id,
        count(*) as sessions,
        sum(case when has_viewed_product then 1 else 0 end) as product_view_sessions,
        sum(case when has_added_to_cart then 1 else 0 end) as cart_sessions,
        sum(case when has_started_checkout then 1 else 0 end) as checkout_sessions,
        sum(case when has_purchased then 1 else 0 end) as purchase_sessions,
        min(session_started_at) as first_session_at,
        max(session_started_at) as last_session_at

    from sessions
    where experiment_id is not null
    group by experiment_id, visitor_id

),

joined as (

    select
        assignments.experiment_id,
        assignments.visitor_id,
        assignments.variant,
        assignments.region_code,
        assignments.device_type,
        assignments.assigned_at,
        cast(assignments.assigned_at as date) as assigned_date,
        experiments.experiment_name,
        experiments.funnel_step,
        experiments.start_date as experiment_start_date,
        experiments.end_date as experiment_end_date,
        coalesce(visitor_sessions.sessions, 0) as sessions,
        coalesce(visitor_sessions.product_view_sessions, 0) as product_view_sessions,
        coalesce(visitor_sessions.cart_sessions, 0) as cart_sessions,
        coalesce(visitor_sessions.checkout_sessions, 0) as checkout_sessions,
        coalesce(visitor_sessions.purchase_sessions, 0) as purchase_sessions,
        visitor_sessions.last_session_at

    from assignments
    left join experiments on assignments.experiment_id = experiments.experiment_id
    left join visitor_sessions
        on
            assignments.experiment_id = visitor_sessions.experiment_id
            and assignments.visitor_id = visitor_sessions.visitor_id

),

scored as (

    select
        *,
        case funnel_step
            when 'product_view' then product_view_sessions
            when 'cart' then cart_sessions
            when 'checkout' then checkout_sessions
            when 'purchase' then purchase_sessions
        end as primary_step_sessions,
        case funnel_step
            when 'product_view' then sessions
            when 'cart' then product_view_sessions
            when 'checkout' then cart_sessions
            when 'purchase' then checkout_sessions
        end as primary_base_sessions,
        purchase_sessions > 0 as has_purchased
    from joined

)

select * from scored

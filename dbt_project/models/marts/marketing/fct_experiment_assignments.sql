-- One row per experiment and visitor: the variant assigned, and what the visitor's sessions in
-- the experiment did, including the experiment's primary metric counts (sessions reaching the
-- experiment's funnel step, and sessions reaching the step before it).
with

assignments as (

    select * from {{ ref('int_experiment_assignments_joined') }}

),

final as (

    select
        -- keys
        cast(experiment_id as {{ dbt.type_string() }}) as experiment_id,
        cast(visitor_id as {{ dbt.type_bigint() }}) as visitor_id,
        cast(assigned_date as date) as assigned_date,

        -- dimensions
        cast(variant as {{ dbt.type_string() }}) as variant,
        cast(experiment_name as {{ dbt.type_string() }}) as experiment_name,
        cast(funnel_step as {{ dbt.type_string() }}) as funnel_step,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(device_type as {{ dbt.type_string() }}) as device_type,
        cast(experiment_start_date as date) as experiment_start_date,
        cast(experiment_end_date as date) as experiment_end_date,
        cast(has_purchased as boolean) as has_purchased,
        cast(assigned_at as {{ dbt.type_timestamp() }}) as assigned_at,
        cast(last_session_at as {{ dbt.type_timestamp() }}) as last_session_at,

        -- measures
        cast(sessions as {{ dbt.type_bigint() }}) as sessions,
        cast(product_view_sessions as {{ dbt.type_bigint() }}) as product_view_sessions,
        cast(cart_sessions as {{ dbt.type_bigint() }}) as cart_sessions,
        cast(checkout_sessions as {{ dbt.type_bigint() }}) as checkout_sessions,
        cast(purchase_sessions as {{ dbt.type_bigint() }}) as purchase_sessions,
        cast(primary_step_sessions as {{ dbt.type_bigint() }}) as primary_step_sessions,
        cast(primary_base_sessions as {{ dbt.type_bigint() }}) as primary_base_sessions

    from assignments

)

select * from final

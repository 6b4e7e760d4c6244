-- One row per web-shop session: where it came from, the funnel steps it reached and, when it
-- purchased, the order it placed and that order's revenue (none when the order was cancelled).
-- Incremental: a run rebuilds the sessions that started in its window and those whose order
-- changed in it, e.g. was cancelled (see incremental_rows).
-- depends_on: {{ ref('int_orders_converted_to_usd') }}
{{ config(**incremental_config(unique_key='session_id', partition_column='session_date')) }}

with

sessions as (

    select * from {{ ref('int_sessions_attributed') }}
    {% if is_incremental() -%}
        where
            {{ incremental_rows('session_date', 'session_started_at', 'session_started_at') }}
            or order_id in (
                select changed.order_id from {{ ref('int_orders_converted_to_usd') }} as changed
                where {{ incremental_rows('changed.order_date', 'changed.updated_at', 'session_started_at') }}
            )
    {%- endif %}

),

final as (

    select
        -- keys
        cast(session_id as {{ dbt.type_bigint() }}) as session_id,
        cast(visitor_id as {{ dbt.type_bigint() }}) as visitor_id,
        cast(order_id as {{ dbt.type_string() }}) as order_id,
        cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
        cast(experiment_id as {{ dbt.type_string() }}) as experiment_id,
        cast(session_date as date) as session_date,

        -- dimensions
        cast(channel_id as {{ dbt.type_string() }}) as channel_id,
        cast(channel as {{ dbt.type_string() }}) as traffic_channel,
        cast(is_paid_channel as boolean) as is_paid_channel,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(device_type as {{ dbt.type_string() }}) as device_type,
        cast(landing_page_type as {{ dbt.type_string() }}) as landing_page_type,
        cast(variant as {{ dbt.type_string() }}) as experiment_variant,
        cast(has_viewed_product as boolean) as has_viewed_product,
        cast(has_added_to_cart as boolean) as has_added_to_cart,
        cast(has_started_checkout as boolean) as has_started_checkout,
        cast(has_purchased as boolean) as has_purchased,
        cast(is_order_cancelled as boolean) as is_order_cancelled,
        cast(session_started_at as {{ dbt.type_timestamp() }}) as session_started_at,
        cast(order_date as date) as order_date,

        -- measures
        cast(pageviews as integer) as pageviews,
        cast(duration_seconds as integer) as duration_seconds,
        cast(order_revenue_usd as {{ type_double() }}) as order_revenue_usd

    from sessions

)

select * from final

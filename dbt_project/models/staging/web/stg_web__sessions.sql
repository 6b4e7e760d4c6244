-- One row per web-shop session with the furthest funnel step reached, times in UTC. A few
-- sessions arrive late or are sent again in a later file: one row per session_id is kept.
with

deduplicated as (

    {{ latest_version(
        source('web', 'sessions'),
        'session_id',
        '_loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        cast(session_id as {{ dbt.type_bigint() }}) as session_id,
        cast(visitor_id as {{ dbt.type_bigint() }}) as visitor_id,
        campaign_id,
        experiment_id,
        order_id,

        -- dimensions
        upper(region_code) as region_code,
        lower(channel) as channel,
        lower(device_type) as device_type,
        lower(landing_page_type) as landing_page_type,
        lower(variant) as variant,
        viewed_product as has_viewed_product,
        added_to_cart as has_added_to_cart,
        started_checkout as has_started_checkout,
        purchased as has_purchased,

        -- measures
        cast(pageviews as integer) as pageviews,
        cast(duration_seconds as integer) as duration_seconds,

        -- timestamps
        {{ to_utc('session_start') }} as session_started_at,
        cast({{ to_utc('session_start') }} as date) as session_date,

        -- lineage
        _source_file as source_file

    from deduplicated

)

select * from renamed

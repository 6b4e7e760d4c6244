-- The web shop's conversion funnel in long form: for every UTC day, region and traffic channel,
-- how many sessions reached each step (visit, product view, cart, checkout, purchase) and how many
-- reached the step before it. Counts add up over days, regions and channels, so any step rate is
-- formed from sums: sessions_reached / sessions_at_previous_step.
with

sessions as (

    select * from {{ ref('int_sessions_attributed') }}

),

daily as (

    select
        session_date as date_day,
        region_code,
        channel,
        channel_id,
        count(*) as visits,
        sum(case when has_viewed_product then 1 else 0 end) as product_views,
        sum(case when has_added_to_cart then 1 else 0 end) as carts,
        sum(case when has_started_checkout then 1 else 0 end) as checkouts,
        sum(case when has_purchased then 1 else 0 end) as purchases

    from sessions
    group by session_date, region_code, channel, channel_id

),

steps as (

    select
        date_day,
        region_code,
        channel,
        channel_id,
        1 as step_number,
        'visit' as funnel_step,
        visits as sessions_reached,
        visits as sessions_at_previous_step
    from daily

    union all

    select
        date_day,
        region_code,
        channel,
        channel_id,
        2 as step_number,
        'product_view' as funnel_step,
        product_views as sessions_reached,
        visits as sessions_at_previous_step
    from daily

    union all

    select
        date_day,
        region_code,
        channel,
        channel_id,
        3 as step_number,
        'cart' as funnel_step,
        carts as sessions_reached,
        product_views as sessions_at_previous_step
    from daily

    union all

    select
        date_day,
        region_code,
        channel,
        channel_id,
        4 as step_number,
        'checkout' as funnel_step,
        checkouts as sessions_reached,
        carts as sessions_at_previous_step
    from daily

    union all

    select
        date_day,
        region_code,
        channel,
        channel_id,
        5 as step_number,
        'purchase' as funnel_step,
        purchases as sessions_reached,
        checkouts as sessions_at_previous_step
    from daily

),

final as (

    select
        date_day,
        region_code,
        channel,
        channel_id,
        step_number,
        funnel_step,
        cast(sessions_reached as {{ dbt.type_bigint() }}) as sessions_reached,
        cast(sessions_at_previous_step as {{ dbt.type_bigint() }}) as sessions_at_previous_step

    from steps

)

select * from final

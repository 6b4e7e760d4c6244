-- Return on marketing spend by month, paid channel and region: spend, the sessions it bought, the
-- orders and revenue of those sessions (attributed to the session's channel), the return on ad
-- spend (revenue per dollar) and the ROI ((revenue - spend) / spend), and cost per session and
-- per order. Revenue is order value, not margin, so ROI here is a gross return.
with

spend as (

    select * from {{ ref('int_ad_spend_converted_to_usd') }}

),

sessions as (

    select * from {{ ref('int_sessions_attributed') }}

),

dates as (

    select * from {{ ref('dim_date') }}

),

channels as (

    select * from {{ ref('dim_channel') }}

),

spend_monthly as (

    select
        dates.month_start_date as month_start,
        spend.channel as channel_id,
        spend.region_code,
        sum(spend.spend_usd) as spend_usd,
        sum(spend.clicks) as clicks
    from spend
    inner join dates on spend.spend_date = dates.date_day
    group by dates.month_start_date, spend.channel, spend.region_code

),

sessions_monthly as (

    select
        dates.month_start_date as month_start,
        sessions.channel_id,
        sessions.region_code,
        count(*) as sessions,
        sum(case when sessions.has_purchased then 1 else 0 end) as purchase_sessions,
        sum(sessions.order_revenue_usd) as attributed_revenue_usd
    from sessions
    inner join dates on sessions.session_date = dates.date_day
    where sessions.is_paid_channel
    group by dates.month_start_date, sessions.channel_id, sessions.region_code

),

joined as (

    select
        coalesce(spend_monthly.month_start, sessions_monthly.month_start) as month_start,
        coalesce(spend_monthly.channel_id, sessions_monthly.channel_id) as channel_id,
        coalesce(spend_monthly.region_code, sessions_monthly.region_code) as region_code,
        cast(coalesce(spend_monthly.spend_usd, 0) as {{ type_double() }}) as spend_usd,
        coalesce(spend_monthly.clicks, 0) as clicks,
        coalesce(sessions_monthly.sessions, 0) as sessions,
        coalesce(sessions_monthly.purchase_sessions, 0) as orders,
        cast(coalesce(sessions_monthly.attributed_revenue_usd, 0) as {{ type_double() }}) as attributed_revenue_usd
    from spend_monthly
    full outer join sessions_monthly
        on
            spend_monthly.month_start = sessions_monthly.month_start
            and spend_monthly.channel_id = sessions_monthly.channel_id
            and spend_monthly.region_code = sessions_monthly.region_code

),

final as (

    select
        {{ surrogate_key(['joined.month_start', 'joined.channel_id', 'joined.region_code']) }} as channel_roi_id,
        joined.month_start,
        joined.channel_id,
        coalesce(channels.channel_name, joined.channel_id) as channel_name,
        joined.region_code,
        joined.spend_usd,
        joined.clicks,
        joined.sessions,
        joined.orders,
        joined.attributed_revenue_usd,
        case when joined.spend_usd > 0 then joined.attributed_revenue_usd / joined.spend_usd end as return_on_ad_spend,
        case when joined.spend_usd > 0
                then (joined.attributed_revenue_usd - joined.spend_usd) / joined.spend_usd
        end as return_on_investment,
        case when joined.sessions > 0 then joined.spend_usd / joined.sessions end as cost_per_session,
        case when joined.orders > 0 then joined.spend_usd / joined.orders end as cost_per_order
    from joined
    left join channels on joined.channel_id = channels.channel_id

)

-- explicit types, so the contract holds on every warehouse
select
    channel_roi_id,
    month_start,
    channel_id,
    channel_name,
    region_code,
    cast(spend_usd as {{ type_double() }}) as spend_usd,
    cast(clicks as {{ dbt.type_bigint() }}) as clicks,
    cast(sessions as {{ dbt.type_bigint() }}) as sessions,
    cast(orders as {{ dbt.type_bigint() }}) as orders,
    cast(attributed_revenue_usd as {{ type_double() }}) as attributed_revenue_usd,
    cast(return_on_ad_spend as {{ type_double() }}) as return_on_ad_spend,
    cast(return_on_investment as {{ type_double() }}) as return_on_investment,
    cast(cost_per_session as {{ type_double() }}) as cost_per_session,
    cast(cost_per_order as {{ type_double() }}) as cost_per_order
from final

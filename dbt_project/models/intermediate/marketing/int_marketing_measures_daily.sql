-- The marketing department's daily measures in long form: one row per measure, day and region.
-- KPIs in the catalogue name these measures as their numerator and denominator. Every measure is
-- a sum or a count, so it adds up over days and regions; ratios are formed from the sums later.
with

ad_spend as (

    select * from {{ ref('int_ad_spend_converted_to_usd') }}

),

sessions as (

    select * from {{ ref('int_sessions_attributed') }}

),

ad_spend_daily as (

    select
        spend_date as date_day,
        region_code,
        sum(spend_usd) as ad_spend_usd

    from ad_spend
    group by spend_date, region_code

),

sessions_daily as (

    select
        session_date as date_day,
        region_code,
        count(*) as sessions,
        sum(case when has_purchased then 1 else 0 end) as sessions_converted

    from sessions
    group by session_date, region_code

),

attributed_daily as (

    select
        order_date as date_day,
        order_region_code as region_code,
        sum(order_revenue_usd) as attributed_revenue_usd

    from sessions
    where
        is_paid_channel
        and order_date is not null
    group by order_date, order_region_code

),

unpivoted as (

    select
        date_day,
        region_code,
        'ad_spend_usd' as measure_id,
        ad_spend_usd as measure_value
    from ad_spend_daily

    union all

    select
        date_day,
        region_code,
        'attributed_revenue_usd' as measure_id,
        attributed_revenue_usd as measure_value
    from attributed_daily

    union all

    select
        date_day,
        region_code,
        'sessions' as measure_id,
        sessions as measure_value
    from sessions_daily

    union all

    select
        date_day,
        region_code,
        'sessions_converted' as measure_id,
        sessions_converted as measure_value
    from sessions_daily

),

final as (

    select
        measure_id,
        date_day,
        region_code,
        cast(measure_value as {{ type_double() }}) as measure_value

    from unpivoted

)

select * from final

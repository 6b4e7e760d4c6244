-- Sales and marketing channels, conformed across the order system, marketing and web analytics.
with

channels as (

    select * from {{ ref('channels') }}

),

final as (

    select
        channel_id,
        channel_name,
        channel_type

    from channels

)

select * from final

-- The web shop's conversion funnel by month, traffic channel and region: sessions reaching each
-- step, the step's rate from the step before, the drop-off (the share lost at the step) and the
-- change of the rate since the month before.
with

funnel as (

    select * from {{ ref('int_funnel_steps_daily') }}

),

dates as (

    select * from {{ ref('dim_date') }}

),

monthly as (

    select
        dates.month_start_date as month_start,
        funnel.channel_id,
        funnel.region_code,
        funnel.step_number,
        funnel.funnel_step,
        sum(funnel.sessions_reached) as sessions_reached,
        sum(funnel.sessions_at_previous_step) as sessions_at_previous_step
    from funnel
    inner join dates on funnel.date_day = dates.date_day
    group by dates.month_start_date, funnel.channel_id, funnel.region_code, funnel.step_number, funnel.funnel_step

),

with_visits as (

    select
        monthly.*,
        max(case when monthly.step_number = 1 then monthly.sessions_reached end) over (
            partition by monthly.month_start, monthly.channel_id, monthly.region_code
        ) as visits
    from monthly

),

rated as (

    select
        *,
        case
            when sessions_at_previous_step > 0
                then cast(sessions_reached as {{ type_double() }}) / sessions_at_previous_step
        end as step_rate,
        case when visits > 0 then cast(sessions_reached as {{ type_double() }}) / visits end as share_of_visits
    from with_visits

),

final as (

    select
        {{ surrogate_key(['month_start', 'channel_id', 'region_code', 'funnel_step']) }} as funnel_step_id,
        month_start,
        channel_id,
        region_code,
        step_number,
        funnel_step,
        sessions_reached,
        sessions_at_previous_step,
        step_rate,
        1 - step_rate as drop_off_rate,
        share_of_visits,
        step_rate - lag(step_rate) over (
            partition by channel_id, region_code, funnel_step order by month_start
        ) as step_rate_change
    from rated

)

-- explicit types, so the contract holds on every warehouse
select
    funnel_step_id,
    month_start,
    channel_id,
    region_code,
    cast(step_number as {{ dbt.type_bigint() }}) as step_number,
    funnel_step,
    cast(sessions_reached as {{ dbt.type_bigint() }}) as sessions_reached,
    cast(sessions_at_previous_step as {{ dbt.type_bigint() }}) as sessions_at_previous_step,
    cast(step_rate as {{ type_double() }}) as step_rate,
    cast(drop_off_rate as {{ type_double() }}) as drop_off_rate,
    cast(share_of_visits as {{ type_double() }}) as share_of_visits,
    cast(step_rate_change as {{ type_double() }}) as step_rate_change
from final

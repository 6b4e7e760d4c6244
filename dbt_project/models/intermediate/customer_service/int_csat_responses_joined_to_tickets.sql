-- Satisfaction survey answers with the region, team and category of the ticket they rate.
with

csat_responses as (

    select * from {{ ref('stg_helpdesk__csat_responses') }}

),

tickets as (

    select * from {{ ref('int_tickets_timed') }}

),

joined as (

    select
        csat_responses.csat_response_id,
        csat_responses.ticket_id,
        csat_responses.agent_id,
        tickets.team_id,
        tickets.region_code,
        tickets.category,
        tickets.channel,
        csat_responses.csat_score,
        csat_responses.csat_score >= 4 as is_satisfied,
        csat_responses.has_comment,
        csat_responses.responded_at,
        cast(csat_responses.responded_at as date) as responded_date

    from csat_responses
    left join tickets on csat_responses.ticket_id = tickets.ticket_id

)

select * from joined

-- Support tickets with the hours to the first response and to resolution, and the UTC days each
-- happened on.
with

tickets as (

    select * from {{ ref('stg_helpdesk__tickets') }}

),

timed as (

    select
        ticket_id,
        customer_id,
        order_id,
        agent_id,
        team_id,
        region_code,
        ticket_status,
        channel,
        priority,
        category,
        first_response_at is not null as is_responded,
        resolved_at is not null as is_resolved,
        created_at,
        first_response_at,
        resolved_at,
        cast(created_at as date) as created_date,
        cast(first_response_at as date) as first_response_date,
        cast(resolved_at as date) as resolved_date,
        {{ hours_from_seconds(dbt.datediff('created_at', 'first_response_at', 'second')) }} as first_response_hours,
        {{ hours_from_seconds(dbt.datediff('created_at', 'resolved_at', 'second')) }} as resolution_hours

    from tickets

)

select * from timed

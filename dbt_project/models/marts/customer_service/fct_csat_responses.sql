-- One row per answered satisfaction survey after a solved ticket.
with

csat_responses as (

    select * from {{ ref('int_csat_responses_joined_to_tickets') }}

),

final as (

    select
        -- keys
        cast(csat_response_id as {{ dbt.type_string() }}) as csat_response_id,
        cast(ticket_id as {{ dbt.type_string() }}) as ticket_id,
        cast(agent_id as {{ dbt.type_string() }}) as agent_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(responded_date as date) as responded_date,

        -- dimensions
        cast(category as {{ dbt.type_string() }}) as category,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(is_satisfied as boolean) as is_satisfied,
        cast(has_comment as boolean) as has_comment,
        cast(responded_at as {{ dbt.type_timestamp() }}) as responded_at,

        -- measures
        cast(csat_score as {{ dbt.type_int() }}) as csat_score

    from csat_responses

)

select * from final

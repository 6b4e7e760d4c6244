-- One row per support ticket (spam left out): first response and resolution times.
-- Incremental: a run rebuilds the tickets created or updated in its window (see incremental_rows);
-- a ticket later marked as spam is deleted after the run.
-- depends_on: {{ ref('stg_helpdesk__tickets') }}
{{ config(
    post_hook="{{ delete_rows_missing_from('ticket_id', ref('int_tickets_timed')) }}",
    **incremental_config(unique_key='ticket_id', partition_column='created_date')
) }}

with

tickets as (

    select * from {{ ref('int_tickets_timed') }}
    {% if is_incremental() -%}
        where ticket_id in (
            select changed.ticket_id from {{ ref('stg_helpdesk__tickets') }} as changed
            where {{ incremental_rows('cast(changed.created_at as date)', 'changed.updated_at', 'created_at') }}
        )
    {%- endif %}

),

final as (

    select
        -- keys
        cast(ticket_id as {{ dbt.type_string() }}) as ticket_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(order_id as {{ dbt.type_string() }}) as order_id,
        cast(agent_id as {{ dbt.type_string() }}) as agent_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(created_date as date) as created_date,
        cast(first_response_date as date) as first_response_date,
        cast(resolved_date as date) as resolved_date,

        -- dimensions
        cast(ticket_status as {{ dbt.type_string() }}) as ticket_status,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(priority as {{ dbt.type_string() }}) as priority,
        cast(category as {{ dbt.type_string() }}) as category,
        cast(is_responded as boolean) as is_responded,
        cast(is_resolved as boolean) as is_resolved,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(first_response_at as {{ dbt.type_timestamp() }}) as first_response_at,
        cast(resolved_at as {{ dbt.type_timestamp() }}) as resolved_at,

        -- measures
        cast(first_response_hours as {{ type_double() }}) as first_response_hours,
        cast(resolution_hours as {{ type_double() }}) as resolution_hours

    from tickets

)

select * from final

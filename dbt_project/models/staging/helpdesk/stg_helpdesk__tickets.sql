-- One row per support ticket: the latest version the helpdesk sent, times in UTC. Tickets with a
-- soft-deleting version (spam) are left out. Of the assigned agent only the employee id is kept.
with

latest_version as (

    {{ latest_version(
        source('helpdesk', 'tickets'),
        'ticket_id',
        'updated_at desc, _loaded_at desc, _source_file desc'
    ) }}

),

deleted_tickets as (

    select distinct ticket_id
    from {{ source('helpdesk', 'tickets') }}
    where is_deleted

),

renamed as (

    select
        -- keys
        ticket_id,
        customer_id,
        order_id,
        {{ json_field('agent', 'id') }} as agent_id,
        team as team_id,

        -- dimensions
        upper(region_code) as region_code,
        lower(status) as ticket_status,
        lower(channel) as channel,
        lower(priority) as priority,
        lower(category) as category,
        subject,

        -- timestamps
        {{ to_utc('created_at') }} as created_at,
        {{ to_utc('first_response_at') }} as first_response_at,
        {{ to_utc('resolved_at') }} as resolved_at,
        {{ to_utc('updated_at') }} as updated_at,

        -- lineage
        _source_file as source_file

    from latest_version
    where not exists (
            select 1 from deleted_tickets
            where deleted_tickets.ticket_id = latest_version.ticket_id
        )

)

select * from renamed

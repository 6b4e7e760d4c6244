-- One row per support ticket: the latest version the helpdesk sent, times in UTC. Tickets with a
-- soft-deleting version (spam) are left out. Of the assigned agent only the employee id is kept.
with

source as (

    select * from {{ source('helpdesk', 'tickets') }}

),

latest_version as (

    select
        *,
        row_number() over (
            partition by ticket_id
            order by updated_at desc, _loaded_at desc, _source_file desc
        ) as version_rank,
        max(case when is_deleted then 1 else 0 end) over (partition by ticket_id) as deleted_versions
    from source

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
    where version_rank = 1 and deleted_versions = 0

)

select * from renamed

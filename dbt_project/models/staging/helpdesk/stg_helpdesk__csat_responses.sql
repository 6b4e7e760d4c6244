-- One row per answered satisfaction survey (re-sent rows removed), times in UTC.
with

deduplicated as (

    {{ latest_version(
        source('helpdesk', 'csat_responses'),
        'response_id',
        '_loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        response_id as csat_response_id,
        ticket_id,
        agent_id,

        -- dimensions
        comment as comment_text,
        comment is not null as has_comment,

        -- measures
        cast(score as {{ dbt.type_int() }}) as csat_score,

        -- timestamps
        {{ to_utc('responded_at') }} as responded_at,

        -- lineage
        _source_file as source_file

    from deduplicated

)

select * from renamed

-- One row per answered net-promoter survey (re-sent rows removed), times in UTC.
with

deduplicated as (

    {{ latest_version(
        source('helpdesk', 'nps_responses'),
        'response_id',
        '_loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        response_id as nps_response_id,
        customer_id,
        order_id,

        -- dimensions
        upper(region_code) as region_code,
        lower(sales_channel) as sales_channel,
        comment as comment_text,
        score >= 9 as is_promoter,
        score <= 6 as is_detractor,

        -- measures
        cast(score as {{ dbt.type_int() }}) as nps_score,

        -- timestamps
        {{ to_utc('responded_at') }} as responded_at,

        -- lineage
        _source_file as source_file

    from deduplicated

)

select * from renamed

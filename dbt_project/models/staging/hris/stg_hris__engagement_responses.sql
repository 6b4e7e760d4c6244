-- One row per answer of the anonymous monthly engagement pulse (five answers per respondent).
with

deduplicated as (

    {{ latest_version(
        source('hris', 'engagement_responses'),
        ['response_id', 'question_id'],
        '_loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        response_id as engagement_response_id,
        upper(question_id) as question_id,
        org_unit as team_id,

        -- dimensions
        lower(department) as department,
        upper(region_code) as region_code,
        question as question_text,

        -- measures
        cast(score as {{ dbt.type_int() }}) as engagement_score,

        -- dates
        survey_month as survey_month_start_date,
        responded_on as responded_date,

        -- lineage
        _source_file as source_file

    from deduplicated

)

select * from renamed

-- One row per answer of the anonymous monthly engagement pulse (five answers per respondent).
with

source as (

    select * from {{ source('hris', 'engagement_responses') }}

),

deduplicated as (

    select
        *,
        row_number() over (
            partition by response_id, question_id
            order by _loaded_at desc, _source_file desc
        ) as version_rank
    from source

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
    where version_rank = 1

)

select * from renamed

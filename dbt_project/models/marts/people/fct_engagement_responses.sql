-- One row per answer of the anonymous monthly engagement pulse (five per respondent).
with

engagement_responses as (

    select * from {{ ref('stg_hris__engagement_responses') }}

),

final as (

    select
        -- keys
        cast(
            {{ surrogate_key(['engagement_response_id', 'question_id']) }} as {{ dbt.type_string() }}
        ) as engagement_answer_id,
        cast(engagement_response_id as {{ dbt.type_string() }}) as engagement_response_id,
        cast(question_id as {{ dbt.type_string() }}) as question_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        cast(department as {{ dbt.type_string() }}) as org_unit_id,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(responded_date as date) as responded_date,

        -- dimensions
        cast(survey_month_start_date as date) as survey_month_start_date,
        cast(question_text as {{ dbt.type_string() }}) as question_text,

        -- measures
        cast(engagement_score as {{ dbt.type_int() }}) as engagement_score

    from engagement_responses

)

select * from final

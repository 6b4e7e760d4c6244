-- One row per completed course (completions re-sent in a later file removed).
with

deduplicated as (

    {{ latest_version(
        source('hris', 'training_completions'),
        'completion_id',
        'recorded_at desc, _loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        completion_id as training_completion_id,
        employee_id,
        course_id,

        -- dimensions
        course_name,
        lower(category) as course_category,

        -- measures
        cast(hours as {{ type_double() }}) as training_hours,

        -- dates and timestamps
        completed_on as completed_date,
        {{ to_utc('recorded_at') }} as recorded_at,

        -- lineage
        _source_file as source_file

    from deduplicated

)

select * from renamed

-- One row per stage an opportunity entered (the history is append-only; late and re-sent rows
-- repeat a change). Only the employee id of the user who made the change is kept.
with

deduplicated as (

    {{ latest_version(
        source('crm', 'opportunity_stage_history'),
        'history_id',
        '_loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        history_id as stage_change_id,
        opportunity_id,
        {{ json_field('changed_by', 'id') }} as changed_by_employee_id,

        -- dimensions
        lower(from_stage) as from_stage,
        lower(to_stage) as to_stage,

        -- measures
        cast(probability as integer) as win_probability_pct,
        cast(amount as {{ dbt.type_numeric() }}) as amount_local,

        -- timestamps
        {{ to_utc('changed_at') }} as changed_at,

        -- lineage
        _source_file as source_file

    from deduplicated

)

select * from renamed

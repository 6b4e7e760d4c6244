-- One row per experiment and visitor: the variant the visitor was assigned on their first session
-- in the experiment. A few rows are sent again in a later file: one per (experiment_id, visitor_id).
with

deduplicated as (

    {{ latest_version(
        source('marketing', 'experiment_assignments'),
        ['experiment_id', 'visitor_id'],
        'assigned_at asc, _loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        experiment_id,
        cast(visitor_id as {{ dbt.type_bigint() }}) as visitor_id,

        -- dimensions
        lower(variant) as variant,
        upper(region_code) as region_code,
        lower(device_type) as device_type,

        -- timestamps
        {{ to_utc('assigned_at') }} as assigned_at,

        -- lineage
        _source_file as source_file

    from deduplicated

)

select * from renamed

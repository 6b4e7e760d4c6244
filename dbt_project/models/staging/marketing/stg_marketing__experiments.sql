-- One row per A/B experiment of the web shop, from the latest snapshot that lists it.
with

latest_snapshot as (

    {{ latest_version(
        source('marketing', 'experiments'),
        'experiment_id',
        'updated_at desc, _loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        experiment_id,

        -- dimensions
        experiment_name,
        hypothesis,
        lower(funnel_step) as funnel_step,
        upper(region_code) as region_code,
        region_code is null as is_all_regions,
        lower(status) as experiment_status,
        owner_role,

        -- measures
        cast(traffic_share as {{ type_double() }}) as traffic_share,

        -- dates and timestamps
        start_date,
        end_date,
        {{ to_utc('updated_at') }} as updated_at,

        -- lineage
        _source_file as source_file

    from latest_snapshot

)

select * from renamed

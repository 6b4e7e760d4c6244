-- One row per campaign, from the latest snapshot that lists it.
with

latest_snapshot as (

    {{ latest_version(
        source('marketing', 'campaigns'),
        'campaign_id',
        'updated_at desc, _loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        campaign_id,

        -- dimensions
        campaign_name,
        lower(channel) as channel,
        upper(region_code) as region_code,
        lower(objective) as objective,
        upper(currency) as currency_code,

        -- measures
        cast(daily_budget as {{ dbt.type_numeric() }}) as daily_budget_local,

        -- dates and timestamps
        start_date,
        end_date,
        {{ to_utc('updated_at') }} as updated_at,

        -- lineage
        _source_file as source_file

    from latest_snapshot

)

select * from renamed

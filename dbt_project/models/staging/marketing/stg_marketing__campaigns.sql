-- One row per campaign, from the latest snapshot that lists it.
with

source as (

    select * from {{ source('marketing', 'campaigns') }}

),

latest_snapshot as (

    select
        *,
        row_number() over (
            partition by campaign_id
            order by updated_at desc, _loaded_at desc, _source_file desc
        ) as version_rank
    from source

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
    where version_rank = 1

)

select * from renamed

-- One row per campaign and day of delivery. Late and re-sent rows repeat a day: the row with the
-- latest exported_at is kept. Older files name the spend column cost; the load maps it to spend.
with

latest_export as (

    {{ latest_version(
        source('marketing', 'ad_spend'),
        ['spend_date', 'campaign_id'],
        'exported_at desc, _loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        {{ dbt.concat(["campaign_id", "'|'", "cast(spend_date as " ~ dbt.type_string() ~ ")"]) }} as ad_spend_id,
        campaign_id,

        -- dimensions
        spend_date,
        lower(channel) as channel,
        upper(region_code) as region_code,
        upper(currency) as currency_code,

        -- measures
        cast(impressions as {{ dbt.type_bigint() }}) as impressions,
        cast(clicks as {{ dbt.type_bigint() }}) as clicks,
        cast(spend as {{ dbt.type_numeric() }}) as spend_local,
        cast(platform_conversions as integer) as platform_conversions,

        -- timestamps
        {{ to_utc('exported_at') }} as exported_at,

        -- lineage
        _source_file as source_file

    from latest_export

)

select * from renamed

-- One row per campaign and day of delivery: impressions, clicks and spend in the ad account's
-- currency and in US dollars, with the campaign's name and objective.
with

ad_spend as (

    select * from {{ ref('int_ad_spend_converted_to_usd') }}

),

final as (

    select
        -- keys
        cast(ad_spend_id as {{ dbt.type_string() }}) as ad_spend_id,
        cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
        cast(spend_date as date) as spend_date,

        -- dimensions
        cast(channel as {{ dbt.type_string() }}) as channel_id,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(campaign_name as {{ dbt.type_string() }}) as campaign_name,
        cast(objective as {{ dbt.type_string() }}) as campaign_objective,
        cast(currency_code as {{ dbt.type_string() }}) as currency_code,

        -- measures
        cast(impressions as {{ dbt.type_bigint() }}) as impressions,
        cast(clicks as {{ dbt.type_bigint() }}) as clicks,
        cast(platform_conversions as {{ dbt.type_bigint() }}) as platform_conversions,
        cast(spend_local as {{ type_double() }}) as spend_local,
        cast(usd_per_unit as {{ type_double() }}) as usd_per_unit,
        cast(spend_usd as {{ type_double() }}) as spend_usd

    from ad_spend

)

select * from final

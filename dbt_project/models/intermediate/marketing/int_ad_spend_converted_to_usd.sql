-- Daily ad spend per campaign with the campaign's name and objective, and the spend in US dollars
-- at the rate of the spend date (the ad account's local day).
with

ad_spend as (

    select * from {{ ref('stg_marketing__ad_spend') }}

),

campaigns as (

    select * from {{ ref('stg_marketing__campaigns') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_filled') }}

),

converted as (

    select
        ad_spend.ad_spend_id,
        ad_spend.campaign_id,
        ad_spend.spend_date,
        ad_spend.channel,
        ad_spend.region_code,
        campaigns.campaign_name,
        campaigns.objective,
        ad_spend.currency_code,
        ad_spend.impressions,
        ad_spend.clicks,
        ad_spend.platform_conversions,
        ad_spend.spend_local,
        fx_rates.usd_per_unit,
        ad_spend.spend_local * fx_rates.usd_per_unit as spend_usd

    from ad_spend
    left join campaigns on ad_spend.campaign_id = campaigns.campaign_id
    left join fx_rates
        on
            ad_spend.currency_code = fx_rates.currency_code
            and ad_spend.spend_date = fx_rates.date_day

)

select * from converted

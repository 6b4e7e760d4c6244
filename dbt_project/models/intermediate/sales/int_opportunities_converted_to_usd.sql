-- Opportunities in their latest version with the account's region, their stage history summed
-- up, and the amount in US dollars: at the rate of the close day once closed, else at the rate
-- of the day of the latest version. An opportunity whose account has not arrived yet (the CRM's
-- export sends it late) waits for it: its region and segment are the account's.
with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

stage_history as (

    select * from {{ ref('stg_crm__opportunity_stage_history') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_filled') }}

),

stage_changes as (

    select
        opportunity_id,
        count(*) as stage_changes,
        max(changed_at) as last_stage_change_at
    from stage_history
    group by opportunity_id

),

dated as (

    select
        opportunities.*,
        accounts.region_code,
        accounts.segment as account_segment,
        cast(opportunities.created_at as date) as created_date,
        cast(opportunities.closed_at as date) as closed_date,
        cast(coalesce(opportunities.closed_at, opportunities.updated_at) as date) as conversion_date,
        coalesce(stage_changes.stage_changes, 0) as stage_changes,
        stage_changes.last_stage_change_at

    from opportunities
    inner join accounts on opportunities.account_id = accounts.account_id
    left join stage_changes on opportunities.opportunity_id = stage_changes.opportunity_id

),

converted as (

    select
        dated.*,
        fx_rates.usd_per_unit,
        dated.amount_local * fx_rates.usd_per_unit as amount_usd

    from dated
    left join fx_rates
        on
            dated.currency_code = fx_rates.currency_code
            and dated.conversion_date = fx_rates.date_day

)

select * from converted

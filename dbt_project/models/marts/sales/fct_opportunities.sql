-- One row per CRM opportunity in its latest version (deleted ones left out), with the account's
-- region, the amount in the account currency and in US dollars, and its stage history summed up.
with

opportunities as (

    select * from {{ ref('int_opportunities_converted_to_usd') }}

),

final as (

    select
        -- keys
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(owner_employee_id as {{ dbt.type_string() }}) as owner_employee_id,
        cast(created_date as date) as created_date,
        cast(closed_date as date) as closed_date,

        -- dimensions
        cast(opportunity_name as {{ dbt.type_string() }}) as opportunity_name,
        cast(opportunity_type as {{ dbt.type_string() }}) as opportunity_type,
        cast(opportunity_stage as {{ dbt.type_string() }}) as opportunity_stage,
        cast(is_closed as boolean) as is_closed,
        cast(is_won as boolean) as is_won,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(account_segment as {{ dbt.type_string() }}) as account_segment,
        cast(currency_code as {{ dbt.type_string() }}) as currency_code,
        cast(expected_close_date as date) as expected_close_date,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(closed_at as {{ dbt.type_timestamp() }}) as closed_at,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,

        -- measures
        cast(win_probability_pct as integer) as win_probability_pct,
        cast(amount_local as {{ type_double() }}) as amount_local,
        cast(usd_per_unit as {{ type_double() }}) as usd_per_unit,
        cast(amount_usd as {{ type_double() }}) as amount_usd,
        cast(amount_usd * win_probability_pct / 100.0 as {{ type_double() }}) as weighted_amount_usd,
        cast(stage_changes as {{ dbt.type_bigint() }}) as stage_changes,
        cast(
            case
                when is_closed
                    then
                        {{ dbt.datediff('created_at', 'closed_at', 'second') }}
                        / 86400.0
            end
            as {{ type_double() }}
        ) as days_to_close

    from opportunities

)

select * from final

-- One row per budgeted month, account, department and region: the approved budget in US dollars.
with

budget as (

    select * from {{ ref('stg_ledger__budget') }}

),

accounts as (

    select * from {{ ref('stg_ledger__chart_of_accounts') }}

),

joined as (

    select
        budget.budget_month_start_date,
        budget.account_code,
        budget.department,
        budget.region_code,
        accounts.account_name,
        accounts.account_type,
        budget.budget_version,
        budget.approved_at,
        budget.budget_amount_usd

    from budget
    left join accounts on budget.account_code = accounts.account_code

),

final as (

    select
        -- keys
        cast(
            {{ surrogate_key(['budget_month_start_date', 'account_code', 'department', 'region_code']) }}
            as {{ dbt.type_string() }}
        ) as budget_line_id,
        cast(budget_month_start_date as date) as budget_month_start_date,
        cast(account_code as {{ dbt.type_string() }}) as account_code,
        cast(department as {{ dbt.type_string() }}) as org_unit_id,
        cast(region_code as {{ dbt.type_string() }}) as region_code,

        -- dimensions
        cast(account_name as {{ dbt.type_string() }}) as account_name,
        cast(account_type as {{ dbt.type_string() }}) as account_type,
        cast(budget_version as {{ dbt.type_string() }}) as budget_version,
        cast(approved_at as {{ dbt.type_timestamp() }}) as approved_at,

        -- measures
        cast(budget_amount_usd as {{ type_double() }}) as budget_amount_usd

    from joined

)

select * from final

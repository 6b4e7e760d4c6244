-- One row per budgeted month, account, department and region: the latest approved amount, in USD.
with

latest_version as (

    {{ latest_version(
        source('ledger', 'budget'),
        ['budget_month', 'account_code', 'department', 'region_code'],
        'approved_at desc, _loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        budget_month as budget_month_start_date,
        account_code,
        lower(department) as department,
        upper(region_code) as region_code,

        -- dimensions
        upper(currency) as currency_code,
        lower(version) as budget_version,

        -- measures
        cast(amount as {{ dbt.type_numeric() }}) as budget_amount_usd,

        -- timestamps
        {{ to_utc('approved_at') }} as approved_at,

        -- lineage
        _source_file as source_file

    from latest_version

)

select * from renamed

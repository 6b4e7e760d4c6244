-- One row per budgeted month, account, department and region: the latest approved amount, in USD.
with

source as (

    select * from {{ source('ledger', 'budget') }}

),

latest_version as (

    select
        *,
        row_number() over (
            partition by budget_month, account_code, department, region_code
            order by approved_at desc, _loaded_at desc, _source_file desc
        ) as version_rank
    from source

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
    where version_rank = 1

)

select * from renamed

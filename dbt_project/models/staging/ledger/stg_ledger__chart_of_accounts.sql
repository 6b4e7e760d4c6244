-- One row per ledger account: the latest chart of accounts exported.
with

source as (

    select * from {{ source('ledger', 'chart_of_accounts') }}

),

latest_version as (

    select
        *,
        row_number() over (
            partition by account_code
            order by updated_at desc, _loaded_at desc, _source_file desc
        ) as version_rank
    from source

),

renamed as (

    select
        -- keys
        account_code,

        -- dimensions
        account_name,
        lower(account_type) as account_type,
        lower(normal_balance) as normal_balance,
        lower(default_department) as default_department,
        is_active,

        -- timestamps
        {{ to_utc('updated_at') }} as updated_at,

        -- lineage
        _source_file as source_file

    from latest_version
    where version_rank = 1

)

select * from renamed

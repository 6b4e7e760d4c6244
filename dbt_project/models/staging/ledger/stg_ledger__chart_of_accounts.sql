-- One row per ledger account: the latest chart of accounts exported.
with

latest_version as (

    {{ latest_version(
        source('ledger', 'chart_of_accounts'),
        'account_code',
        'updated_at desc, _loaded_at desc, _source_file desc'
    ) }}

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

)

select * from renamed

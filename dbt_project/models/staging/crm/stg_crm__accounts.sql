-- One row per B2B account: the latest version the CRM sent (accounts are re-sent whenever they
-- change, and some rows arrive late or twice). Accounts whose latest version is a soft delete
-- (duplicate entries merged away) are left out. Only the owner's employee id is kept.
with

latest_version as (

    {{ latest_version(
        source('crm', 'accounts'),
        'account_id',
        'updated_at desc, is_deleted desc, _loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        account_id,
        {{ json_field('owner', 'id') }} as owner_employee_id,

        -- dimensions
        account_name,
        upper(region_code) as region_code,
        lower(industry) as industry,
        lower(segment) as segment,
        upper(currency) as currency_code,

        -- timestamps
        {{ to_utc('created_at') }} as created_at,
        {{ to_utc('updated_at') }} as updated_at,

        -- lineage
        _source_file as source_file

    from latest_version
    where not is_deleted

)

select * from renamed

-- One row per B2B account: the latest version the CRM sent (accounts are re-sent whenever they
-- change, and some rows arrive late or twice). Accounts whose latest version is a soft delete
-- (duplicate entries merged away) are left out. Only the owner's employee id is kept.
with

source as (

    select * from {{ source('crm', 'accounts') }}

),

latest_version as (

    select
        *,
        row_number() over (
            partition by account_id
            order by updated_at desc, is_deleted desc, _loaded_at desc, _source_file desc
        ) as version_rank
    from source

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
    where
        version_rank = 1
        and not is_deleted

)

select * from renamed

-- One row per opportunity: the latest version the CRM sent (re-sent at every stage change, owner
-- change and deletion; some rows arrive late or twice). Opportunities deleted as created by
-- mistake are left out.
with

latest_version as (

    {{ latest_version(
        source('crm', 'opportunities'),
        'opportunity_id',
        'updated_at desc, is_deleted desc, _loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        opportunity_id,
        account_id,
        {{ json_field('owner', 'id') }} as owner_employee_id,

        -- dimensions
        opportunity_name,
        lower(opportunity_type) as opportunity_type,
        lower(stage) as opportunity_stage,
        lower(stage) in ('closed_won', 'closed_lost') as is_closed,
        lower(stage) = 'closed_won' as is_won,
        upper(currency) as currency_code,

        -- measures
        cast(probability as integer) as win_probability_pct,
        cast(amount as {{ dbt.type_numeric() }}) as amount_local,

        -- dates and timestamps
        expected_close_date,
        {{ to_utc('closed_at') }} as closed_at,
        {{ to_utc('created_at') }} as created_at,
        {{ to_utc('updated_at') }} as updated_at,

        -- lineage
        _source_file as source_file

    from latest_version
    where not is_deleted

)

select * from renamed

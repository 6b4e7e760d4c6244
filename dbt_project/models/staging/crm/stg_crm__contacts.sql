-- One row per contact of a B2B account: the latest version the CRM sent, without soft-deleted
-- contacts. Names, e-mail addresses and phone numbers stay in the source: the contact id
-- identifies the person, and only whether a phone number is known is kept.
with

latest_version as (

    {{ latest_version(
        source('crm', 'contacts'),
        'contact_id',
        'updated_at desc, is_deleted desc, _loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        contact_id,
        account_id,
        {{ json_field('owner', 'id') }} as owner_employee_id,

        -- dimensions
        job_title,
        phone is not null as has_phone,

        -- timestamps
        {{ to_utc('created_at') }} as created_at,
        {{ to_utc('updated_at') }} as updated_at,

        -- lineage
        _source_file as source_file

    from latest_version
    where not is_deleted

)

select * from renamed

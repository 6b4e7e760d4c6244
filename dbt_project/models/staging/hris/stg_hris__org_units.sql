-- One row per HRIS org unit (warehouse, customer-service team, store, B2B sales team or head-office
-- function): the latest snapshot exported. Called teams past staging, to keep them apart from the
-- department hierarchy KPIs are reported by.
with

latest_version as (

    {{ latest_version(
        source('hris', 'org_units'),
        'org_unit',
        'updated_at desc, _loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        org_unit as team_id,

        -- dimensions
        org_unit_name as team_name,
        lower(department) as department,
        upper(region_code) as region_code,

        -- timestamps
        {{ to_utc('updated_at') }} as updated_at,

        -- lineage
        _source_file as source_file

    from latest_version

)

select * from renamed

-- One row per monthly snapshot and employee: everyone employed at some point in the snapshot's
-- month. Names and e-mail addresses stay in the source: only the employee id identifies a person.
with

deduplicated as (

    {{ latest_version(
        source('hris', 'employees'),
        ['snapshot_date', 'employee_id'],
        '_loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        snapshot_date,
        employee_id,
        org_unit as team_id,
        manager_id,

        -- dimensions
        lower(department) as department,
        upper(region_code) as region_code,
        job_title,
        lower(employment_type) as employment_type,
        lower(exit_reason) as exit_reason,
        upper(currency) as currency_code,

        -- measures
        cast(fte as {{ type_double() }}) as fte,
        cast(annual_salary as {{ dbt.type_numeric() }}) as annual_salary_local,

        -- dates
        hire_date,
        exit_date,

        -- lineage
        _source_file as source_file

    from deduplicated

)

select * from renamed

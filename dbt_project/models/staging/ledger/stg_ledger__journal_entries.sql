-- One row per journal line (each entry has a debit and a credit line), amounts in the entity's
-- currency. Lines booked after a month closed keep their posting date.
with

deduplicated as (

    {{ latest_version(
        source('ledger', 'journal_entries'),
        ['entry_id', 'line_number'],
        'created_at desc, _loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        entry_id,
        cast(line_number as {{ dbt.type_int() }}) as line_number,
        account_code,

        -- dimensions
        lower(department) as department,
        upper(region_code) as region_code,
        upper(currency) as currency_code,
        description as line_description,
        lower(source_system) as source_system,

        -- measures
        cast(debit as {{ dbt.type_numeric() }}) as debit_local,
        cast(credit as {{ dbt.type_numeric() }}) as credit_local,

        -- dates and timestamps
        posting_date,
        {{ to_utc('created_at') }} as created_at,

        -- lineage
        _source_file as source_file

    from deduplicated

)

select * from renamed

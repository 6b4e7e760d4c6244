-- One row per journal line of the general ledger, in the entity's currency and in US dollars.
with

journal_lines as (

    select * from {{ ref('int_journal_lines_converted_to_usd') }}

),

final as (

    select
        -- keys
        cast({{ surrogate_key(['entry_id', 'line_number']) }} as {{ dbt.type_string() }}) as journal_line_id,
        cast(entry_id as {{ dbt.type_string() }}) as entry_id,
        cast(line_number as {{ dbt.type_int() }}) as line_number,
        cast(account_code as {{ dbt.type_string() }}) as account_code,
        cast(department as {{ dbt.type_string() }}) as org_unit_id,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(posting_date as date) as posting_date,

        -- dimensions
        cast(account_name as {{ dbt.type_string() }}) as account_name,
        cast(account_type as {{ dbt.type_string() }}) as account_type,
        cast(currency_code as {{ dbt.type_string() }}) as currency_code,
        cast(line_description as {{ dbt.type_string() }}) as line_description,
        cast(source_system as {{ dbt.type_string() }}) as source_system,
        cast(
            cast({{ dbt.date_trunc('month', 'created_at') }} as date)
            > cast({{ dbt.date_trunc('month', 'posting_date') }} as date)
            as boolean
        ) as is_booked_after_month,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,

        -- measures
        cast(debit_local as {{ type_double() }}) as debit_local,
        cast(credit_local as {{ type_double() }}) as credit_local,
        cast(usd_per_unit as {{ type_double() }}) as usd_per_unit,
        cast(debit_usd as {{ type_double() }}) as debit_usd,
        cast(credit_usd as {{ type_double() }}) as credit_usd,
        cast(net_debit_usd as {{ type_double() }}) as net_debit_usd

    from journal_lines

)

select * from final

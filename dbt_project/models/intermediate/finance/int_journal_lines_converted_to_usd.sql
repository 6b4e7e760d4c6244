-- Journal lines with their account and their amounts in US dollars at the rate of the posting date.
with

journal_lines as (

    select * from {{ ref('stg_ledger__journal_entries') }}

),

accounts as (

    select * from {{ ref('stg_ledger__chart_of_accounts') }}

),

fx_rates as (

    select * from {{ ref('stg_oms__fx_rates') }}

),

converted as (

    select
        journal_lines.entry_id,
        journal_lines.line_number,
        journal_lines.account_code,
        accounts.account_name,
        accounts.account_type,
        journal_lines.department,
        journal_lines.region_code,
        journal_lines.currency_code,
        journal_lines.line_description,
        journal_lines.source_system,
        journal_lines.posting_date,
        journal_lines.created_at,
        journal_lines.debit_local,
        journal_lines.credit_local,
        fx_rates.usd_per_unit,
        journal_lines.debit_local * fx_rates.usd_per_unit as debit_usd,
        journal_lines.credit_local * fx_rates.usd_per_unit as credit_usd,
        (journal_lines.debit_local - journal_lines.credit_local) * fx_rates.usd_per_unit as net_debit_usd

    from journal_lines
    left join accounts on journal_lines.account_code = accounts.account_code
    left join fx_rates
        on
            journal_lines.currency_code = fx_rates.currency_code
            and journal_lines.posting_date = fx_rates.rate_date

)

select * from converted

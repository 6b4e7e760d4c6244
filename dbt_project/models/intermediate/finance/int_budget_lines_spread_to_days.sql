-- The approved monthly budget spread evenly over the days of its month: one row per day, account,
-- department and region, for the days up to the ledger's latest posting date (the days actuals
-- can be compared for; a budget approved for months ahead does not run ahead of the books).
with

budget as (

    select * from {{ ref('stg_ledger__budget') }}

),

accounts as (

    select * from {{ ref('stg_ledger__chart_of_accounts') }}

),

journal_lines as (

    select * from {{ ref('stg_ledger__journal_entries') }}

),

dates as (

    select * from {{ ref('dim_date') }}

),

ledger_coverage as (

    select max(posting_date) as last_posting_date
    from journal_lines

),

month_lengths as (

    select
        month_start_date,
        count(*) as days_in_month

    from dates
    group by month_start_date

),

spread as (

    select
        dates.date_day,
        budget.budget_month_start_date,
        budget.account_code,
        accounts.account_type,
        budget.department,
        budget.region_code,
        budget.budget_version,
        month_lengths.days_in_month,
        budget.budget_amount_usd,
        cast(budget.budget_amount_usd as {{ type_double() }}) / month_lengths.days_in_month as budget_usd

    from budget
    inner join month_lengths on budget.budget_month_start_date = month_lengths.month_start_date
    inner join dates on budget.budget_month_start_date = dates.month_start_date
    cross join ledger_coverage
    left join accounts on budget.account_code = accounts.account_code
    where dates.date_day <= ledger_coverage.last_posting_date

)

select * from spread

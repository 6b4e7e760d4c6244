-- The finance department's daily measures in long form: one row per measure, day and region (the
-- booking entity's region). KPIs in the catalogue name these measures as their numerator and
-- denominator; every measure adds up over days and regions.
with

journal_lines as (

    select * from {{ ref('int_journal_lines_converted_to_usd') }}

),

budget_days as (

    select * from {{ ref('int_budget_lines_spread_to_days') }}

),

opex_actual as (

    select
        posting_date as date_day,
        region_code,
        sum(net_debit_usd) as opex_actual_usd

    from journal_lines
    where account_type = 'opex'
    group by posting_date, region_code

),

opex_budget as (

    select
        date_day,
        region_code,
        sum(budget_usd) as opex_budget_usd

    from budget_days
    where account_type = 'opex'
    group by date_day, region_code

),

unpivoted as (

    select
        'opex_actual_usd' as measure_id,
        date_day,
        region_code,
        opex_actual_usd as measure_value
    from opex_actual

    union all

    select
        'opex_budget_usd' as measure_id,
        date_day,
        region_code,
        opex_budget_usd as measure_value
    from opex_budget

),

final as (

    select
        cast(measure_id as {{ dbt.type_string() }}) as measure_id,
        cast(date_day as date) as date_day,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(measure_value as {{ type_double() }}) as measure_value

    from unpivoted

)

select * from final

-- One rate into US dollars per calendar day and currency. A day without a published rate takes the
-- latest rate before it; days before a currency's first rate take that first rate. Every amount
-- is converted with this model, so an order placed on a day without a rate (a UTC day just
-- outside the rate files) is still converted rather than dropped.
with

fx_rates as (

    select * from {{ ref('stg_oms__fx_rates') }}

),

calendar as (

    select * from {{ ref('dim_date') }}

),

rate_ranges as (

    select
        currency_code,
        rate_date,
        usd_per_unit,
        row_number() over (partition by currency_code order by rate_date) as rate_number,
        lead(rate_date) over (partition by currency_code order by rate_date) as next_rate_date
    from fx_rates

),

validity as (

    select
        currency_code,
        rate_date,
        usd_per_unit,
        next_rate_date,
        case
            when rate_number = 1 then cast('{{ var("calendar_start") }}' as date)
            else rate_date
        end as valid_from
    from rate_ranges

),

filled as (

    select
        calendar.date_day,
        validity.currency_code,
        validity.usd_per_unit,
        validity.rate_date,
        calendar.date_day = validity.rate_date as is_rate_of_day

    from validity
    inner join calendar
        on
            validity.valid_from <= calendar.date_day
            and (validity.next_rate_date is null or validity.next_rate_date > calendar.date_day)

)

select * from filled

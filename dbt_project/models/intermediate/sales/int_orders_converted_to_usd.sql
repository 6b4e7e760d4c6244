-- Orders with their amounts in US dollars at the rate of the order date (UTC).
with

orders as (

    select * from {{ ref('stg_oms__orders') }}

),

fx_rates as (

    select * from {{ ref('int_fx_rates_filled') }}

),

converted as (

    select
        orders.*,
        fx_rates.usd_per_unit,
        orders.order_total_local * fx_rates.usd_per_unit as order_total_usd

    from orders
    left join fx_rates
        on
            orders.currency_code = fx_rates.currency_code
            and orders.order_date = fx_rates.date_day

)

select * from converted

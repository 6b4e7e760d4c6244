-- One row per day and currency: how many US dollars one unit buys.
with

deduplicated as (

    {{ latest_version(
        source('oms', 'fx_rates'),
        ['rate_date', 'currency'],
        '_loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        rate_date,
        upper(currency) as currency_code,
        -- the contract's eight decimals: dbt's numeric type keeps only six on DuckDB, which would
        -- round a yen rate by up to 0.01%
        cast(usd_per_unit as decimal(18, 8)) as usd_per_unit

    from deduplicated

)

select * from renamed

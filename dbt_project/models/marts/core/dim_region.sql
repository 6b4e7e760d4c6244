-- The sales regions every department reports by, plus ALL for totals over regions.
with

regions as (

    select * from {{ ref('regions') }}

),

with_total as (

    select
        region_code,
        region_name,
        region_group,
        time_zone,
        currency_code,
        false as is_total
    from regions

    union all

    select
        'ALL' as region_code,
        'All regions' as region_name,
        'Global' as region_group,
        'UTC' as time_zone,
        '{{ var("reporting_currency") }}' as currency_code,
        true as is_total

)

select * from with_total

-- One row per sales point: the stores of the order system's snapshot, plus any store that orders
-- name but the snapshot does not list yet (an inferred member with the attributes seen on its
-- orders), so every order finds its store.
with

stores as (

    select * from {{ ref('stg_oms__stores') }}

),

orders as (

    select * from {{ ref('int_orders_converted_to_usd') }}

),

order_stores as (

    select
        store_id,
        max(channel) as channel,
        max(region_code) as region_code,
        max(currency_code) as currency_code
    from orders
    group by store_id

),

inferred as (

    select order_stores.*
    from order_stores
    left join stores on order_stores.store_id = stores.store_id
    where stores.store_id is null

),

unioned as (

    select
        store_id,
        store_name,
        channel,
        region_code,
        currency_code,
        time_zone,
        warehouse_id,
        opened_date,
        false as is_inferred
    from stores

    union all

    select
        store_id,
        null as store_name,
        channel,
        region_code,
        currency_code,
        null as time_zone,
        null as warehouse_id,
        null as opened_date,
        true as is_inferred
    from inferred

),

final as (

    select
        cast(store_id as {{ dbt.type_string() }}) as store_id,
        cast(coalesce(store_name, store_id) as {{ dbt.type_string() }}) as store_name,
        cast(case channel
            when 'online' then 'web_shop'
            when 'b2b' then 'b2b_desk'
            when 'retail' then 'retail_store'
        end as {{ dbt.type_string() }}) as store_type,
        cast(channel as {{ dbt.type_string() }}) as channel_id,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(currency_code as {{ dbt.type_string() }}) as currency_code,
        cast(time_zone as {{ dbt.type_string() }}) as time_zone,
        cast(warehouse_id as {{ dbt.type_string() }}) as warehouse_id,
        cast(opened_date as date) as opened_date,
        cast(is_inferred as boolean) as is_inferred

    from unioned

)

select * from final

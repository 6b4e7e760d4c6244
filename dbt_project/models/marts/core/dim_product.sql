-- One row per product: the order system's catalogue, plus any product that order lines or returns
-- name but the catalogue does not list yet (an inferred member without attributes), so every line
-- finds its product.
with

products as (

    select * from {{ ref('stg_oms__products') }}

),

order_lines as (

    select * from {{ ref('int_order_lines_converted_to_usd') }}

),

returns as (

    select * from {{ ref('int_returns_converted_to_usd') }}

),

sold_products as (

    select product_id from order_lines

    union

    select product_id from returns

),

inferred as (

    select sold_products.product_id
    from sold_products
    left join products on sold_products.product_id = products.product_id
    where products.product_id is null

),

unioned as (

    select
        product_id,
        sku,
        product_name,
        category,
        list_price_usd,
        standard_cost_usd,
        launch_date,
        false as is_inferred
    from products

    union all

    select
        product_id,
        null as sku,
        null as product_name,
        null as category,
        null as list_price_usd,
        null as standard_cost_usd,
        null as launch_date,
        true as is_inferred
    from inferred

),

final as (

    select
        cast(product_id as {{ dbt.type_string() }}) as product_id,
        cast(sku as {{ dbt.type_string() }}) as sku,
        cast(coalesce(product_name, product_id) as {{ dbt.type_string() }}) as product_name,
        cast(coalesce(category, 'unknown') as {{ dbt.type_string() }}) as category,
        cast(list_price_usd as {{ type_double() }}) as list_price_usd,
        cast(standard_cost_usd as {{ type_double() }}) as standard_cost_usd,
        cast(
            case when list_price_usd > 0 then (list_price_usd - standard_cost_usd) / list_price_usd end
            as {{ type_double() }}
        ) as standard_margin_pct,
        cast(launch_date as date) as launch_date,
        cast(is_inferred as boolean) as is_inferred

    from unioned

)

select * from final

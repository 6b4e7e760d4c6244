-- One row per order line, with its order's day, region, channel and status, amounts in the order
-- currency and in US dollars at the order's rate, and the line's cost and gross profit.
-- Incremental: a run rebuilds the lines of the orders placed or changed in its window (see
-- incremental_rows); a late line belongs to a recent order, so it is in the window too.
-- depends_on: {{ ref('int_orders_converted_to_usd') }}
{{ config(**incremental_config(unique_key='order_line_id', partition_column='order_date')) }}

with

order_lines as (

    select * from {{ ref('int_order_lines_converted_to_usd') }}
    {% if is_incremental() -%}
        where order_id in (
            select changed.order_id from {{ ref('int_orders_converted_to_usd') }} as changed
            where {{ incremental_rows('changed.order_date', 'changed.updated_at', 'ordered_at') }}
        )
    {%- endif %}

),

final as (

    select
        -- keys
        cast(order_line_id as {{ dbt.type_string() }}) as order_line_id,
        cast(order_id as {{ dbt.type_string() }}) as order_id,
        cast(line_number as integer) as line_number,
        cast(product_id as {{ dbt.type_string() }}) as product_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(store_id as {{ dbt.type_string() }}) as store_id,
        cast(order_date as date) as order_date,

        -- dimensions
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(currency_code as {{ dbt.type_string() }}) as currency_code,
        cast(is_cancelled as boolean) as is_cancelled,
        cast(ordered_at as {{ dbt.type_timestamp() }}) as ordered_at,

        -- measures
        cast(quantity as integer) as quantity,
        cast(unit_price_local as {{ type_double() }}) as unit_price_local,
        cast(discount_local as {{ type_double() }}) as discount_local,
        cast(line_amount_local as {{ type_double() }}) as line_amount_local,
        cast(unit_cost_local as {{ type_double() }}) as unit_cost_local,
        cast(cost_local as {{ type_double() }}) as cost_local,
        cast(usd_per_unit as {{ type_double() }}) as usd_per_unit,
        cast(discount_usd as {{ type_double() }}) as discount_usd,
        cast(line_amount_usd as {{ type_double() }}) as line_amount_usd,
        cast(cost_usd as {{ type_double() }}) as cost_usd,
        cast(gross_profit_usd as {{ type_double() }}) as gross_profit_usd

    from order_lines

)

select * from final

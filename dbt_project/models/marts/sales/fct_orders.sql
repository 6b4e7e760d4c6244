-- One row per order, amounts in the order currency and in US dollars, with the customer's order
-- sequence, the order's lines summed up and, for online orders, the web session that placed it.
-- Incremental: a run rebuilds the orders placed or changed in its window (see incremental_rows)
-- and every order of their customers, since a late order renumbers the customer's later ones.
{{ config(**incremental_config(unique_key='order_id', partition_column='order_date')) }}

with

orders as (

    select * from {{ ref('int_orders_converted_to_usd') }}
    {% if is_incremental() -%}
        where customer_id in (
            select changed.customer_id from {{ ref('int_orders_converted_to_usd') }} as changed
            where {{ incremental_rows('changed.order_date', 'changed.updated_at', 'updated_at') }}
        )
    {%- endif %}

),

sequenced as (

    select * from {{ ref('int_orders_sequenced_by_customer') }}

),

order_lines as (

    select * from {{ ref('int_order_lines_converted_to_usd') }}

),

sessions as (

    select * from {{ ref('int_sessions_attributed') }}

),

lines_per_order as (

    select
        order_id,
        count(*) as order_lines,
        sum(quantity) as units_ordered,
        sum(cost_usd) as cost_usd,
        sum(gross_profit_usd) as gross_profit_usd
    from order_lines
    group by order_id

),

order_sessions as (

    select
        order_id,
        session_id,
        channel as traffic_channel,
        is_paid_channel
    from sessions
    where order_id is not null

),

final as (

    select
        -- keys
        cast(orders.order_id as {{ dbt.type_string() }}) as order_id,
        cast(orders.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(orders.store_id as {{ dbt.type_string() }}) as store_id,
        cast(order_sessions.session_id as {{ dbt.type_bigint() }}) as session_id,
        cast(orders.order_date as date) as order_date,

        -- dimensions
        cast(orders.channel as {{ dbt.type_string() }}) as channel,
        cast(orders.region_code as {{ dbt.type_string() }}) as region_code,
        cast(orders.currency_code as {{ dbt.type_string() }}) as currency_code,
        cast(orders.order_status as {{ dbt.type_string() }}) as order_status,
        cast(orders.is_cancelled as boolean) as is_cancelled,
        cast(sequenced.is_first_order as boolean) as is_first_order,
        cast(sequenced.is_repeat_order as boolean) as is_repeat_order,
        cast(sequenced.customer_order_number as {{ dbt.type_bigint() }}) as customer_order_number,
        cast(order_sessions.traffic_channel as {{ dbt.type_string() }}) as traffic_channel,
        cast(coalesce(order_sessions.is_paid_channel, false) as boolean) as is_paid_channel_order,
        cast(orders.ordered_at as {{ dbt.type_timestamp() }}) as ordered_at,
        cast(orders.updated_at as {{ dbt.type_timestamp() }}) as updated_at,

        -- measures
        cast(orders.order_total_local as {{ type_double() }}) as order_total_local,
        cast(orders.usd_per_unit as {{ type_double() }}) as usd_per_unit,
        cast(orders.order_total_usd as {{ type_double() }}) as order_total_usd,
        cast(coalesce(lines_per_order.order_lines, 0) as {{ dbt.type_bigint() }}) as order_lines,
        cast(coalesce(lines_per_order.units_ordered, 0) as {{ dbt.type_bigint() }}) as units_ordered,
        cast(lines_per_order.cost_usd as {{ type_double() }}) as cost_usd,
        cast(lines_per_order.gross_profit_usd as {{ type_double() }}) as gross_profit_usd

    from orders
    inner join sequenced on orders.order_id = sequenced.order_id
    left join lines_per_order on orders.order_id = lines_per_order.order_id
    left join order_sessions on orders.order_id = order_sessions.order_id

)

select * from final

-- Orders numbered per customer in the order they were placed. Only orders not cancelled count:
-- a customer's first such order makes them a new customer, every later one is a repeat order.
-- Cancelled orders get no number and are neither.
with

orders as (

    select * from {{ ref('int_orders_converted_to_usd') }}

),

numbered as (

    select
        order_id,
        row_number() over (
            partition by customer_id
            order by ordered_at, order_id
        ) as customer_order_number
    from orders
    where not is_cancelled

),

sequenced as (

    select
        orders.*,
        numbered.customer_order_number,
        coalesce(numbered.customer_order_number = 1, false) as is_first_order,
        coalesce(numbered.customer_order_number > 1, false) as is_repeat_order

    from orders
    left join numbered on orders.order_id = numbered.order_id

)

select * from sequenced

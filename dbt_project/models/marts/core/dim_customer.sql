-- One row per customer of the order system: consumers (online and retail) and B2B accounts
-- (customer_id = CRM account_id), including CRM accounts that have not ordered yet. No names or
-- e-mail addresses: the customer number is the only identifier.
with

orders as (

    select * from {{ ref('int_orders_sequenced_by_customer') }}

),

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

first_orders as (

    -- the earliest order of each customer, cancelled or not, gives the home region and channel
    select
        customer_id,
        region_code,
        channel,
        row_number() over (partition by customer_id order by ordered_at, order_id) as order_rank
    from orders

),

order_history as (

    select
        customer_id,
        max(case when channel = 'b2b' then 1 else 0 end) as has_b2b_orders,
        min(case when not is_cancelled then ordered_at end) as first_ordered_at,
        max(case when not is_cancelled then ordered_at end) as latest_ordered_at,
        sum(case when not is_cancelled then 1 else 0 end) as orders_placed
    from orders
    group by customer_id

),

order_customers as (

    select
        order_history.customer_id,
        order_history.has_b2b_orders,
        order_history.first_ordered_at,
        order_history.latest_ordered_at,
        order_history.orders_placed,
        first_orders.region_code as first_order_region_code,
        first_orders.channel as first_order_channel
    from order_history
    inner join first_orders
        on
            order_history.customer_id = first_orders.customer_id
            and first_orders.order_rank = 1

),

customer_ids as (

    select customer_id from order_customers

    union

    select account_id as customer_id from accounts

),

joined as (

    select
        customer_ids.customer_id,
        accounts.account_id,
        accounts.segment as account_segment,
        accounts.industry as account_industry,
        coalesce(accounts.region_code, order_customers.first_order_region_code) as home_region_code,
        coalesce(order_customers.first_order_channel, 'b2b') as acquisition_channel_id,
        accounts.account_id is not null or order_customers.has_b2b_orders = 1 as is_b2b,
        order_customers.first_ordered_at,
        order_customers.latest_ordered_at,
        coalesce(order_customers.orders_placed, 0) as orders_placed

    from customer_ids
    left join order_customers on customer_ids.customer_id = order_customers.customer_id
    left join accounts on customer_ids.customer_id = accounts.account_id

),

final as (

    select
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(case when is_b2b then 'b2b' else 'consumer' end as {{ dbt.type_string() }}) as customer_type,
        cast(home_region_code as {{ dbt.type_string() }}) as home_region_code,
        cast(acquisition_channel_id as {{ dbt.type_string() }}) as acquisition_channel_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(account_segment as {{ dbt.type_string() }}) as account_segment,
        cast(account_industry as {{ dbt.type_string() }}) as account_industry,
        cast(is_b2b as boolean) as is_b2b,
        cast(first_ordered_at as date) as first_order_date,
        cast(latest_ordered_at as date) as latest_order_date,
        cast(orders_placed as {{ dbt.type_bigint() }}) as orders_placed

    from joined

)

select * from final

-- One row per returned order line, on the UTC day it was received, with the order's region,
-- channel and customer and the refund in the order currency and in US dollars.
with

returns as (

    select * from {{ ref('int_returns_converted_to_usd') }}

),

final as (

    select
        -- keys
        cast(return_id as {{ dbt.type_string() }}) as return_id,
        cast(order_line_id as {{ dbt.type_string() }}) as order_line_id,
        cast(order_id as {{ dbt.type_string() }}) as order_id,
        cast(line_number as integer) as line_number,
        cast(product_id as {{ dbt.type_string() }}) as product_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(store_id as {{ dbt.type_string() }}) as store_id,
        cast(warehouse_id as {{ dbt.type_string() }}) as warehouse_id,
        cast(returned_date as date) as returned_date,

        -- dimensions
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(currency_code as {{ dbt.type_string() }}) as currency_code,
        cast(return_reason as {{ dbt.type_string() }}) as return_reason,
        cast(return_channel as {{ dbt.type_string() }}) as return_channel,
        cast(order_date as date) as order_date,
        cast(returned_at as {{ dbt.type_timestamp() }}) as returned_at,

        -- measures
        cast(quantity_returned as integer) as quantity_returned,
        cast(refund_local as {{ type_double() }}) as refund_local,
        cast(usd_per_unit as {{ type_double() }}) as usd_per_unit,
        cast(refund_usd as {{ type_double() }}) as refund_usd

    from returns

)

select * from final

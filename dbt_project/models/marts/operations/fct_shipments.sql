-- One row per shipment of an online or B2B order: fulfilment time and on-time delivery.
with

shipments as (

    select * from {{ ref('int_shipments_joined_to_orders') }}

),

final as (

    select
        -- keys
        cast(shipment_id as {{ dbt.type_string() }}) as shipment_id,
        cast(order_id as {{ dbt.type_string() }}) as order_id,
        cast(warehouse_id as {{ dbt.type_string() }}) as warehouse_id,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(shipped_date as date) as shipped_date,
        cast(delivered_date as date) as delivered_date,

        -- dimensions
        cast(carrier as {{ dbt.type_string() }}) as carrier,
        cast(service_level as {{ dbt.type_string() }}) as service_level,
        cast(shipment_status as {{ dbt.type_string() }}) as shipment_status,
        cast(is_delivered as boolean) as is_delivered,
        cast(is_delivered_on_time as boolean) as is_delivered_on_time,
        cast(ordered_at as {{ dbt.type_timestamp() }}) as ordered_at,
        cast(shipped_at as {{ dbt.type_timestamp() }}) as shipped_at,
        cast(promised_at as {{ dbt.type_timestamp() }}) as promised_at,
        cast(delivered_at as {{ dbt.type_timestamp() }}) as delivered_at,

        -- measures
        cast(order_to_ship_hours as {{ type_double() }}) as order_to_ship_hours

    from shipments

)

select * from final

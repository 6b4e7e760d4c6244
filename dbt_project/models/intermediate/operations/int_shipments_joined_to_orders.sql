-- Shipments with the region their warehouse serves, the time of the order they fulfil, the
-- fulfilment time and whether they arrived by the promised time.
with

shipments as (

    select * from {{ ref('stg_erp__shipments') }}

),

warehouses as (

    select * from {{ ref('stg_erp__warehouses') }}

),

orders as (

    select * from {{ ref('stg_oms__orders') }}

),

joined as (

    select
        shipments.shipment_id,
        shipments.order_id,
        shipments.warehouse_id,
        warehouses.region_code,
        shipments.carrier,
        shipments.service_level,
        shipments.shipment_status,
        shipments.is_delivered,
        orders.ordered_at,
        shipments.shipped_at,
        shipments.promised_at,
        shipments.delivered_at

    from shipments
    left join warehouses on shipments.warehouse_id = warehouses.warehouse_id
    left join orders on shipments.order_id = orders.order_id

),

timed as (

    select
        shipment_id,
        order_id,
        warehouse_id,
        region_code,
        carrier,
        service_level,
        shipment_status,
        is_delivered,
        is_delivered and coalesce(delivered_at <= promised_at, false) as is_delivered_on_time,
        ordered_at,
        shipped_at,
        promised_at,
        delivered_at,
        cast(shipped_at as date) as shipped_date,
        cast(delivered_at as date) as delivered_date,
        {{ hours_from_seconds(dbt.datediff('ordered_at', 'shipped_at', 'second')) }} as order_to_ship_hours

    from joined

)

select * from timed

-- One row per shipment: the latest version the ERP sent (a shipment is sent when it leaves the
-- warehouse and again when it is delivered; late and re-sent rows repeat a version).
-- A table, unlike most staging models: five tests and models read it in a build, and as a view
-- each of them would de-duplicate the whole raw table again.
{{ config(materialized='table') }}

with

latest_version as (

    {{ latest_version(
        source('erp', 'shipments'),
        'shipment_id',
        'updated_at desc, _loaded_at desc, _source_file desc'
    ) }}

),

renamed as (

    select
        -- keys
        shipment_id,
        order_id,
        warehouse_id,

        -- dimensions
        carrier,
        lower(service_level) as service_level,
        lower(status) as shipment_status,
        lower(status) = 'delivered' as is_delivered,

        -- timestamps
        {{ to_utc('promised_at') }} as promised_at,
        {{ to_utc('shipped_at') }} as shipped_at,
        {{ to_utc('delivered_at') }} as delivered_at,
        {{ to_utc('updated_at') }} as updated_at,

        -- lineage
        _source_file as source_file

    from latest_version

)

select * from renamed

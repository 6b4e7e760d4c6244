-- One row per answered net-promoter survey after a delivery or store purchase.
with

nps_responses as (

    select * from {{ ref('stg_helpdesk__nps_responses') }}

),

final as (

    select
        -- keys
        cast(nps_response_id as {{ dbt.type_string() }}) as nps_response_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(order_id as {{ dbt.type_string() }}) as order_id,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(responded_at as date) as responded_date,

        -- dimensions
        cast(sales_channel as {{ dbt.type_string() }}) as sales_channel,
        cast(is_promoter as boolean) as is_promoter,
        cast(is_detractor as boolean) as is_detractor,
        cast(responded_at as {{ dbt.type_timestamp() }}) as responded_at,

        -- measures
        cast(nps_score as {{ dbt.type_int() }}) as nps_score,
        cast(case when is_promoter then 1 when is_detractor then -1 else 0 end as {{ dbt.type_int() }})
            as net_promoter_value

    from nps_responses

)

select * from final

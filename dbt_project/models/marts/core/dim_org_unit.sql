-- The department hierarchy KPIs are reported by.
with

org_units as (

    select * from {{ ref('org_units') }}

),

final as (

    select
        org_unit_id,
        org_unit_name,
        parent_org_unit_id,
        org_unit_level,
        head_role

    from org_units

)

select * from final

-- The KPI catalogue as a dimension: what each KPI means, who owns it, how it aggregates.
with

catalogue as (

    select * from {{ ref('kpi_catalogue') }}

),

final as (

    select
        kpi_id,
        kpi_name,
        perspective,
        department,
        org_unit_id,
        owner_role,
        unit,
        direction,
        aggregation,
        numerator_measure,
        denominator_measure,
        scale_factor,
        description as kpi_description

    from catalogue

)

select * from final

-- Every department's daily measures in one long table. A department adds a measure by adding it
-- to its own int_<department>_measures_daily model; a KPI then names it in the catalogue.
{%- set departments = ['sales', 'marketing', 'operations', 'finance', 'customer_service', 'people'] %}

with

unioned as (

    {% for department in departments %}
        select
            measure_id,
            date_day,
            region_code,
            cast(measure_value as {{ type_double() }}) as measure_value
        from {{ ref('int_' ~ department ~ '_measures_daily') }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from unioned

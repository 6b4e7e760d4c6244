{#- Generic test: every `column_name` is a `field` of `to`, once its parent has had time to arrive.

    The sources send a few records 1-4 days late, so a child can land before its parent: a return
    or a shipment before the header of its order. Such a child is kept (the money or the parcel is
    real) and waits; its parent's columns fill in when a later run receives the parent. It fails
    the test only when its `date_column` is more than `late_days` before the newest in the model:
    by then the parent is not late but missing. -#}
{% test relationships_once_arrived(model, column_name, to, field, date_column, late_days) %}

with

child as (

    select
        {{ column_name }} as from_field,
        {{ date_column }} as child_date
    from {{ model }}
    where {{ column_name }} is not null

),

newest as (

    select max(child_date) as newest_date from child

),

parent as (

    select {{ field }} as to_field from {{ to }}

)

select
    child.from_field,
    child.child_date
from child
cross join newest
left join parent on child.from_field = parent.to_field
where
    parent.to_field is null
    and child.child_date < {{ dbt.dateadd('day', -1 * late_days, 'newest.newest_date') }}

{% endtest %}

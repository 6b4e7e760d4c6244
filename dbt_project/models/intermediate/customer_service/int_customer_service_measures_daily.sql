-- The customer service department's daily measures in long form: one row per measure, UTC day and
-- region (the customer's region). KPIs in the catalogue name these measures as their numerator
-- and denominator; every measure adds up over days and regions.
with

tickets as (

    select * from {{ ref('int_tickets_timed') }}

),

csat_responses as (

    select * from {{ ref('int_csat_responses_joined_to_tickets') }}

),

nps_responses as (

    select * from {{ ref('stg_helpdesk__nps_responses') }}

),

created as (

    select
        created_date as date_day,
        region_code,
        count(*) as tickets_created

    from tickets
    group by created_date, region_code

),

responded as (

    select
        first_response_date as date_day,
        region_code,
        count(*) as tickets_responded,
        sum(first_response_hours) as first_response_hours

    from tickets
    where is_responded
    group by first_response_date, region_code

),

resolved as (

    select
        resolved_date as date_day,
        region_code,
        count(*) as tickets_resolved,
        sum(resolution_hours) as resolution_hours

    from tickets
    where is_resolved
    group by resolved_date, region_code

),

csat as (

    select
        responded_date as date_day,
        region_code,
        count(*) as csat_responses,
        sum(csat_score) as csat_score_sum

    from csat_responses
    group by responded_date, region_code

),

nps as (

    select
        cast(responded_at as date) as date_day,
        region_code,
        count(*) as nps_responses,
        sum(case when is_promoter then 1 when is_detractor then -1 else 0 end) as nps_net_promoters

    from nps_responses
    group by cast(responded_at as date), region_code

),

unpivoted as (

    select
        'tickets_created' as measure_id,
        date_day,
        region_code,
        tickets_created as measure_value
    from created

    union all

    select
        'tickets_responded' as measure_id,
        date_day,
        region_code,
        tickets_responded as measure_value
    from responded

    union all

    select
        'first_response_hours' as measure_id,
        date_day,
        region_code,
        first_response_hours as measure_value
    from responded

    union all

    select
        'tickets_resolved' as measure_id,
        date_day,
        region_code,
        tickets_resolved as measure_value
    from resolved

    union all

    select
        'resolution_hours' as measure_id,
        date_day,
        region_code,
        resolution_hours as measure_value
    from resolved

    union all

    select
        'csat_responses' as measure_id,
        date_day,
        region_code,
        csat_responses as measure_value
    from csat

    union all

    select
        'csat_score_sum' as measure_id,
        date_day,
        region_code,
        csat_score_sum as measure_value
    from csat

    union all

    select
        'nps_responses' as measure_id,
        date_day,
        region_code,
        nps_responses as measure_value
    from nps

    union all

    select
        'nps_net_promoters' as measure_id,
        date_day,
        region_code,
        nps_net_promoters as measure_value
    from nps

),

final as (

    select
        cast(measure_id as {{ dbt.type_string() }}) as measure_id,
        cast(date_day as date) as date_day,
        cast(region_code as {{ dbt.type_string() }}) as region_code,
        cast(measure_value as {{ type_double() }}) as measure_value

    from unpivoted

)

select * from final

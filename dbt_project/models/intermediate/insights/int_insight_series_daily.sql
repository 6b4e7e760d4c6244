-- Every series the insights layer watches, by day and region (ALL is the total over regions), in
-- long form: each KPI for its owning org unit, plus marketing's diagnostic series that explain
-- KPI moves: funnel step rates, sessions by traffic channel and ad spend by paid channel.
-- Additive diagnostic series are filled with zeros on days without activity so a quiet day counts.
with

kpi_values as (

    select * from {{ ref('fct_kpi_values') }}

),

kpis as (

    select * from {{ ref('dim_kpi') }}

),

funnel as (

    select * from {{ ref('int_funnel_steps_daily') }}

),

ad_spend as (

    select * from {{ ref('int_ad_spend_converted_to_usd') }}

),

channels as (

    select * from {{ ref('dim_channel') }}

),

dates as (

    select * from {{ ref('dim_date') }}

),

as_of as (

    select max(as_of_date) as as_of_date from kpi_values

),

kpi_series as (

    select
        kpi_values.kpi_id as metric_id,
        'kpi' as metric_kind,
        kpi_values.kpi_id,
        kpis.kpi_name as metric_name,
        kpis.department,
        kpi_values.org_unit_id,
        kpi_values.region_code,
        kpis.direction,
        kpis.unit,
        kpis.aggregation = 'sum' as is_additive,
        kpis.scale_factor,
        kpi_values.period_start as date_day,
        kpi_values.numerator,
        kpi_values.denominator
    from kpi_values
    inner join kpis on kpi_values.kpi_id = kpis.kpi_id
    where kpi_values.period_grain = 'day'

),

funnel_by_region as (

    select
        date_day,
        region_code,
        channel_id,
        funnel_step,
        step_number,
        sum(sessions_reached) as sessions_reached,
        sum(sessions_at_previous_step) as sessions_at_previous_step
    from funnel
    group by date_day, region_code, channel_id, funnel_step, step_number

),

funnel_rates as (

    select
        'funnel_' || funnel_step as metric_id,
        'funnel_step' as metric_kind,
        funnel_step,
        date_day,
        region_code,
        sum(sessions_reached) as numerator,
        sum(sessions_at_previous_step) as denominator
    from funnel_by_region
    where step_number > 1
    group by funnel_step, date_day, region_code

),

sessions_by_channel as (

    select
        'sessions_' || channel_id as metric_id,
        'channel_sessions' as metric_kind,
        channel_id,
        date_day,
        region_code,
        sum(sessions_reached) as numerator
    from funnel_by_region
    where step_number = 1
    group by channel_id, date_day, region_code

),

spend_by_channel as (

    select
        'ad_spend_' || channel as metric_id,
        'channel_spend' as metric_kind,
        channel as channel_id,
        spend_date as date_day,
        region_code,
        sum(spend_usd) as numerator
    from ad_spend
    group by channel, spend_date, region_code

),

additive_diagnostics as (

    select
        metric_id,
        metric_kind,
        channel_id,
        date_day,
        region_code,
        cast(numerator as {{ type_double() }}) as numerator
    from sessions_by_channel
    union all
    select
        metric_id,
        metric_kind,
        channel_id,
        date_day,
        region_code,
        cast(numerator as {{ type_double() }}) as numerator
    from spend_by_channel

),

additive_keys as (

    select
        metric_id,
        metric_kind,
        channel_id,
        region_code,
        min(date_day) as first_day
    from additive_diagnostics
    group by metric_id, metric_kind, channel_id, region_code

),

additive_filled as (

    select
        additive_keys.metric_id,
        additive_keys.metric_kind,
        additive_keys.channel_id,
        additive_keys.region_code,
        dates.date_day,
        coalesce(additive_diagnostics.numerator, 0) as numerator
    from additive_keys
    cross join as_of
    inner join dates
        on dates.date_day between additive_keys.first_day and as_of.as_of_date
    left join additive_diagnostics
        on
            additive_keys.metric_id = additive_diagnostics.metric_id
            and additive_keys.region_code = additive_diagnostics.region_code
            and dates.date_day = additive_diagnostics.date_day

),

diagnostics_by_region as (

    select
        metric_id,
        metric_kind,
        funnel_step as detail,
        date_day,
        region_code,
        cast(numerator as {{ type_double() }}) as numerator,
        cast(denominator as {{ type_double() }}) as denominator,
        false as is_additive
    from funnel_rates
    union all
    select
        metric_id,
        metric_kind,
        channel_id as detail,
        date_day,
        region_code,
        numerator,
        cast(null as {{ type_double() }}) as denominator,
        true as is_additive
    from additive_filled

),

diagnostics_with_total as (

    select * from diagnostics_by_region
    union all
    select
        metric_id,
        metric_kind,
        detail,
        date_day,
        'ALL' as region_code,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        is_additive
    from diagnostics_by_region
    group by metric_id, metric_kind, detail, date_day, is_additive

),

diagnostic_series as (

    select
        diagnostics_with_total.metric_id,
        diagnostics_with_total.metric_kind,
        cast(null as {{ dbt.type_string() }}) as kpi_id,
        case diagnostics_with_total.metric_kind
            when 'funnel_step'
                then
                    case diagnostics_with_total.detail
                        when 'product_view' then 'Product-view rate (visit to product view)'
                        when 'cart' then 'Add-to-cart rate (product view to cart)'
                        when 'checkout' then 'Checkout rate (cart to checkout)'
                        when 'purchase' then 'Purchase rate (checkout to purchase)'
                        else diagnostics_with_total.detail || ' rate'
                    end
            when
                'channel_sessions'
                then 'Sessions from ' || coalesce(channels.channel_name, diagnostics_with_total.detail)
            else 'Ad spend on ' || coalesce(channels.channel_name, diagnostics_with_total.detail)
        end as metric_name,
        'marketing' as department,
        'marketing' as org_unit_id,
        diagnostics_with_total.region_code,
        case
            when diagnostics_with_total.metric_kind = 'channel_spend' then 'target_band'
            else 'higher_is_better'
        end as direction,
        case
            when diagnostics_with_total.metric_kind = 'funnel_step' then '%'
            when diagnostics_with_total.metric_kind = 'channel_spend' then 'USD'
            else 'sessions'
        end as unit,
        diagnostics_with_total.is_additive,
        cast(1 as {{ type_double() }}) as scale_factor,
        diagnostics_with_total.date_day,
        diagnostics_with_total.numerator,
        diagnostics_with_total.denominator
    from diagnostics_with_total
    left join channels on diagnostics_with_total.detail = channels.channel_id

),

unioned as (

    select * from kpi_series
    union all
    select * from diagnostic_series

),

final as (

    select
        {{ surrogate_key(['unioned.metric_id', 'unioned.org_unit_id', 'unioned.region_code']) }} as series_id,
        unioned.metric_id,
        unioned.metric_kind,
        unioned.kpi_id,
        unioned.metric_name,
        unioned.department,
        unioned.org_unit_id,
        unioned.region_code,
        unioned.direction,
        unioned.unit,
        unioned.is_additive,
        unioned.scale_factor,
        unioned.date_day,
        {{ insight_day_number('unioned.date_day') }} as day_number,
        unioned.numerator,
        unioned.denominator,
        {{ kpi_value('unioned.is_additive', 'unioned.numerator', 'unioned.denominator', 'unioned.scale_factor') }}
            as metric_value
    from unioned
    cross join as_of
    where unioned.date_day <= as_of.as_of_date

)

select * from final

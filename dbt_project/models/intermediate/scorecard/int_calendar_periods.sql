-- Every day mapped to the period of each grain it falls in, with the period's first and last day.
with

dates as (

    select * from {{ ref('dim_date') }}

),

day_periods as (

    {% for grain, start_column in period_grains().items() %}
        select
            '{{ grain }}' as period_grain,
            date_day,
            {{ start_column }} as period_start
        from dates
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

bounds as (

    select
        period_grain,
        period_start,
        max(date_day) as period_end
    from day_periods
    group by period_grain, period_start

),

final as (

    select
        day_periods.period_grain,
        day_periods.date_day,
        day_periods.period_start,
        bounds.period_end

    from day_periods
    inner join bounds
        on
            day_periods.period_grain = bounds.period_grain
            and day_periods.period_start = bounds.period_start

)

select * from final

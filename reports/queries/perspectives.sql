-- The balanced scorecard's perspectives, in the order a strategy map stacks them: outcomes on top,
-- their drivers below. The four standard ones are always listed (so an empty one still gets its
-- page); any other perspective the KPI catalogue names follows them.
with

standard as (

    select *
    from (
        values
        ('financial', 'Financial', 1, 'Are we growing profitably?'),
        ('customer', 'Customer', 2, 'How do customers see us?'),
        ('internal_process', 'Internal process', 3, 'Which processes must we excel at?'),
        ('learning_growth', 'Learning and growth', 4, 'How do we keep improving?')
    ) as standard (perspective, perspective_name, perspective_order, perspective_question)

),

catalogue as (

    select distinct perspective from core.dim_kpi where perspective is not null

)

select
    coalesce(standard.perspective, catalogue.perspective) as perspective,
    coalesce(
        standard.perspective_name,
        upper(left(catalogue.perspective, 1)) || replace(substr(catalogue.perspective, 2), '_', ' ')
    ) as perspective_name,
    coalesce(standard.perspective_order, 100) as perspective_order,
    coalesce(standard.perspective_question, 'How are we doing?') as perspective_question
from standard
full outer join catalogue on standard.perspective = catalogue.perspective

{#-
    The standard normal cumulative distribution Φ(z) in plain SQL, which has no erf: the
    Zelen & Severo polynomial (Abramowitz & Stegun 26.2.17), absolute error below 7.5e-8.
    Φ(z) = 1 - φ(|z|) (b1 t + b2 t² + b3 t³ + b4 t⁴ + b5 t⁵), t = 1 / (1 + 0.2316419 |z|),
    mirrored for negative z. `z` is an SQL expression; null stays null.
-#}
{% macro normal_cdf(z) -%}
    {#- beyond ±37 Φ is 0 or 1 in double precision, and PostgreSQL's exp() raises on underflow -#}
    {%- set zc = 'least(greatest(' ~ z ~ ', -37.0), 37.0)' -%}
    (case
        when ({{ z }}) is null then null
        else
            (case when {{ zc }} >= 0 then 1.0 else 0.0 end)
            + (case when {{ zc }} >= 0 then -1.0 else 1.0 end)
            * exp(-0.5 * {{ zc }} * {{ zc }}) / sqrt(2 * pi())
            * {{ _normal_cdf_polynomial('1.0 / (1.0 + 0.2316419 * abs(' ~ zc ~ '))') }}
    end)
{%- endmacro %}

{% macro _normal_cdf_polynomial(t) -%}
    ({{ t }} * (0.319381530 + {{ t }} * (-0.356563782 + {{ t }} * (1.781477937
        + {{ t }} * (-1.821255978 + {{ t }} * 1.330274429)))))
{%- endmacro %}

{#- Two-sided p-value of a standard normal statistic: 2 (1 - Φ(|z|)). -#}
{% macro normal_two_sided_p(z) -%}
    (2 * (1 - {{ normal_cdf('abs(' ~ z ~ ')') }}))
{%- endmacro %}

{#-
    Upper-tail p-value of a chi-square statistic with `df` degrees of freedom, by the
    Wilson–Hilferty cube-root transformation to a normal (accurate to about 1e-3 for df >= 1 at the
    p-values that matter for a sample-ratio check). Both arguments are SQL expressions.
-#}
{% macro chi_square_p(chi_square, df) -%}
    (case
        when ({{ chi_square }}) is null or ({{ df }}) is null or ({{ df }}) < 1 then null
        when ({{ chi_square }}) <= 0 then 1.0
        else 1 - {{ normal_cdf(
            '(power((' ~ chi_square ~ ') / (' ~ df ~ '), 1.0 / 3) - (1 - 2.0 / (9 * (' ~ df ~ '))))'
            ~ ' / sqrt(2.0 / (9 * (' ~ df ~ ')))'
        ) }}
    end)
{%- endmacro %}

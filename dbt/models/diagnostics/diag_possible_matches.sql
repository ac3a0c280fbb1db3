{#-
  The review band: pairs whose match probability lies in [var('review_lower'), var('review_upper')),
  for stewards to accept or reject (a pair decision, which the next run applies). Two kinds:
    MATCHED    a matched pair the model is not sure of
    CANDIDATE  the best candidate of an unmatched store (seen from GI, or from TH when its best
               GI candidate is not already listed)
  Most uncertain first: uncertainty = |probability − 0.5|. Every row keeps its levels and weights
  (the waterfall). Rebuilt from gold and diagnostics on every run (small: no pairs table read).
-#}
{{ config(materialized='table') }}
{%- set lower = var('review_lower') %}
{%- set upper = var('review_upper') %}
with prior as (
  select match_weight as prior_weight from {{ ref('model_parameters') }} where comparison = '_prior'
),

matched as (
  select
    m.gi_id, m.th_id, 'MATCHED' as kind, m.gi_name, m.th_name, m.city,
    m.score / 100.0 as match_probability, m.match_weight, m.prior_weight,
    {%- for c in sm_comparisons() %}
    m.{{ c.name }}_level, m.{{ c.name }}_weight,
    {%- endfor %}
    null as failure_reason
  from {{ ref('fct_store_matches') }} m
  where m.status = 'MATCHED' and m.score >= {{ 100 * lower }} and m.score < {{ 100 * upper }}
),

candidates as (
  select
    case u.source when 'gi' then u.store_id else u.best_candidate_id end as gi_id,
    case u.source when 'th' then u.store_id else u.best_candidate_id end as th_id,
    'CANDIDATE' as kind, u.source, u.name as store_name, u.city,
    u.best_score / 100.0 as match_probability, u.best_match_weight as match_weight,
    (select prior_weight from prior) as prior_weight,
    {%- for c in sm_comparisons() %}
    u.best_{{ c.name }}_level as {{ c.name }}_level, u.best_{{ c.name }}_weight as {{ c.name }}_weight,
    {%- endfor %}
    u.failure_reason
  from {{ ref('diag_unmatched_stores') }} u
  where u.best_candidate_id is not null and u.best_score >= {{ 100 * lower }} and u.best_score < {{ 100 * upper }}
),

candidate_pairs as (
  select c.*, row_number() over (partition by c.gi_id, c.th_id order by c.source) as seen
  from candidates c
)

select
  gi_id, th_id, kind, gi_name, th_name, city, round(match_probability, 4) as match_probability,
  round(abs(match_probability - 0.5), 4) as uncertainty, match_weight, prior_weight,
  {%- for c in sm_comparisons() %}
  {{ c.name }}_level, {{ c.name }}_weight,
  {%- endfor %}
  failure_reason
from matched
union all
select
  c.gi_id, c.th_id, c.kind, g.name_raw, t.name_raw, c.city, round(c.match_probability, 4),
  round(abs(c.match_probability - 0.5), 4), c.match_weight, c.prior_weight,
  {%- for cmp in sm_comparisons() %}
  c.{{ cmp.name }}_level, c.{{ cmp.name }}_weight,
  {%- endfor %}
  c.failure_reason
from candidate_pairs c
left join {{ ref('stg_gi__stores') }} g on g.store_id = c.gi_id
left join {{ ref('stg_th__stores') }} t on t.store_id = c.th_id
where c.seen = 1

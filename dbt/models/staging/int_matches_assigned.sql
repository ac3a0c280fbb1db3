{#-
  Deterministic one-to-one assignment. Pairs a steward forced to match come first. Then,
  in each round, among the eligible pairs whose two stores are both still free, a pair is
  kept when it is the best pair of its GI store and the best pair of its TH store (match
  weight, then name score, then the other id, so ties are broken by id). Kept pairs leave the pool
  and the next round starts. This converges to the greedy best-first assignment;
  var('assignment_rounds') bounds it.
  Each assigned pair carries its evidence (match weight, each comparison's level and weight,
  the prior), read with the eligible pairs, so that fct_store_matches need not search the
  scored pairs again.
  Incremental: a targeted run redoes the assignment among the stores of int_reprocess_pool
  only; every other pair stays as it was.
-#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    incremental_strategy='append',
    pre_hook="{{ sm_incremental_delete(sm_pair_touches(sm_assign_pool())) }}"
) }}
{%- set rounds = var('assignment_rounds') | int -%}
-- depends_on: {{ ref('int_reprocess_pool') }}
-- The eligible pairs with their evidence, read once; the rounds carry only the columns they rank by.
with eligible as {{ sm_materialized() }} (
  select gi_id, th_id, total_score, match_weight, name_score, decision, prior_weight
    {%- for c in sm_comparisons() %}, {{ c.name }}_level, {{ c.name }}_weight{% endfor %}
  from {{ ref('int_pairs_scored') }}
  where is_eligible
  {%- if sm_is_targeted() %}
    and {{ sm_in_scope('gi_id', 'gi', sm_assign_pool()) }}
    and {{ sm_in_scope('th_id', 'th', sm_assign_pool()) }}
  {%- endif %}
),

matched_upto_0 as {{ sm_materialized() }} (
  select gi_id, th_id, total_score, 0 as assignment_round from eligible where decision = 'MATCH'
),

{% for r in range(1, rounds + 1) %}
pool_{{ r }} as {{ sm_materialized() }} (
  -- Two anti-joins, not one with OR: an OR join condition would be a nested loop.
  select e.gi_id, e.th_id, e.total_score, e.match_weight, e.name_score from eligible e
  where not exists (select 1 from matched_upto_{{ r - 1 }} m where m.gi_id = e.gi_id)
    and not exists (select 1 from matched_upto_{{ r - 1 }} m where m.th_id = e.th_id)
),

ranked_{{ r }} as (
  select *,
    row_number() over (partition by gi_id order by match_weight desc, name_score desc, th_id) as gi_rank,
    row_number() over (partition by th_id order by match_weight desc, name_score desc, gi_id) as th_rank
  from pool_{{ r }}
),

matched_upto_{{ r }} as {{ sm_materialized() }} (
  select * from matched_upto_{{ r - 1 }}
  union all
  select gi_id, th_id, total_score, {{ r }} as assignment_round
  from ranked_{{ r }} where gi_rank = 1 and th_rank = 1
){% if not loop.last %},{% endif %}
{% endfor %}

select m.gi_id, m.th_id, m.total_score as score, m.assignment_round,
  e.match_weight, e.prior_weight
  {%- for c in sm_comparisons() %}, e.{{ c.name }}_level, e.{{ c.name }}_weight{% endfor %}
from matched_upto_{{ rounds }} m
join eligible e on e.gi_id = m.gi_id and e.th_id = m.th_id

{#-
  For every unmatched store (either source): its top 5 candidates with their component
  scores, and whether each candidate passes the rule and who it was matched to.
  Incremental: a targeted run recomputes the stores of int_reprocess_pool (the stores whose
  match can have changed, and those with a pair to the scope).
-#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    incremental_strategy='append',
    pre_hook="{{ sm_incremental_delete('(source, store_id) in (select source, store_id from ' ~ ref('int_reprocess_pool') ~ ')') }}"
) }}
-- depends_on: {{ ref('int_reprocess_pool') }}
-- depends_on: {{ ref('diag_pool_candidate_pairs') }}
with {{ sm_unmatched_ctes() }},

partner as (
  select 'gi' as source, gi_id as store_id, th_id as partner_id from {{ ref('fct_store_matches') }} where status = 'MATCHED'
  union all
  select 'th', th_id, gi_id from {{ ref('fct_store_matches') }} where status = 'MATCHED'
)

select
  d.source,
  d.store_id,
  row_number() over (partition by d.source, d.store_id order by d.match_weight desc nulls last, d.name_score desc nulls last, d.candidate_id) as candidate_rank,
  d.candidate_id,
  round(d.total_score, 2) as total_score,
  round(d.match_weight, 3) as match_weight,
  round(d.name_score, 2) as name_score,
  round(d.address_score, 2) as address_score,
  round(d.postcode_score, 2) as postcode_score,
  round(d.city_score, 2) as city_score,
  round(d.phone_score, 2) as phone_score,
  round(d.distance_score, 2) as distance_score,
  round(d.distance_km, 3) as distance_km,
  d.evidence_weight,
  round(d.prior_weight, 3) as prior_weight,
  {%- for c in sm_comparisons() %}
  d.{{ c.name }}_level,
  round(d.{{ c.name }}_weight, 3) as {{ c.name }}_weight,
  {%- endfor %}
  d.is_eligible,
  p.partner_id as candidate_matched_to
from directed d
join unmatched u on u.source = d.source and u.store_id = d.store_id
left join partner p on p.source = case d.source when 'gi' then 'th' else 'gi' end and p.store_id = d.candidate_id
qualify candidate_rank <= 5

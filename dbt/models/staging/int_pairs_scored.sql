{#-
  Every candidate pair with its component scores (0–100, null when a side lacks the
  field), its total score and whether it passes the decision rule. The components are
  kept so that the console and the diagnostics can say why. A steward's pair decision
  wins over the scores: MATCH makes the pair eligible, NO_MATCH never.
  Incremental: a targeted run re-scores the pairs that touch a store in int_reprocess_scope:
  the rows int_candidate_pairs_blocked just wrote (computed_at: see sm_run_stamp).
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ sm_incremental_delete(sm_pair_touches(ref('int_reprocess_scope'))) }}"
) }}
-- depends_on: {{ ref('int_reprocess_scope') }}
with pairs as (
  select gi_id, th_id, shared_keys from {{ ref('int_candidate_pairs_blocked') }}
  {%- if sm_is_targeted() %}
  where {{ sm_written_by_this_run(ref('int_candidate_pairs_blocked')) }} and {{ sm_pair_touches(ref('int_reprocess_scope')) }}
  {%- endif %}
),

components as (
  select
    p.gi_id,
    p.th_id,
    p.shared_keys,
    {{ sm_soft_dice('g.name_tokens', 't.name_tokens') }} as name_score,
    {{ sm_address_score('g.address_number', 'g.street_tokens', 't.address_number', 't.street_tokens') }} as address_score,
    {{ sm_postcode_score('g.postcode_norm', 't.postcode_norm') }} as postcode_score,
    {{ sm_soft_dice('g.city_tokens', 't.city_tokens') }} as city_score,
    {{ sm_equal_score('g.phone_norm', 't.phone_norm') }} as phone_score,
    {{ sm_haversine_km('g.lat', 'g.lon', 't.lat', 't.lon') }} as distance_km,
    g.name_tokens as gi_name_tokens,
    t.name_tokens as th_name_tokens,
    g.street_tokens as gi_street_tokens,
    t.street_tokens as th_street_tokens,
    g.address_number as gi_address_number,
    t.address_number as th_address_number
  from pairs p
  join {{ ref('stg_gi__stores') }} g on g.store_id = p.gi_id
  join {{ ref('stg_th__stores') }} t on t.store_id = p.th_id
),

totals as (
  select
    c.*,
    {{ sm_distance_score('c.distance_km') }} as distance_score,
    d.decision
  from components c
  left join {{ source('control', 'pair_decisions') }} d on d.gi_id = c.gi_id and d.th_id = c.th_id
)

select
  * exclude (decision),
  {{ sm_total_score() }} as total_score,
  {{ sm_evidence_weight() }} as evidence_weight,
  case decision
    when 'MATCH' then true
    when 'NO_MATCH' then false
    else {{ sm_is_eligible(total=sm_total_score(), evidence=sm_evidence_weight()) }}
  end as is_eligible,
  decision,
  {{ sm_run_stamp() }} as computed_at
from totals

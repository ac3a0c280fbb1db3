{#-
  Every candidate pair scored by the model (model_parameters): each comparison's match weight
  in bits (the learned log2(m/u) of its level, with the term-frequency adjustment at the top
  level of name, address and phone, and at name's same brand), the total match weight (prior + comparisons), the match
  probability and total_score = 100 × that probability. A pair can match when its probability
  reaches var('match_probability'). A steward's pair decision wins over the model: MATCH makes
  the pair eligible, NO_MATCH never. Every level and weight is kept, so the console can draw
  the waterfall and the diagnostics can say which comparison failed.
  Incremental: a targeted run deletes the pairs that touch a store in int_reprocess_scope and
  scores the ones int_pairs_compared holds (this run's), with the model of the build it extends.
-#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    incremental_strategy='append',
    pre_hook="{{ sm_incremental_delete(sm_pair_touches(ref('int_reprocess_scope'))) }}"
) }}
-- depends_on: {{ ref('int_reprocess_scope') }}
{%- set tf = sm_tf_levels() %}
with pairs as (
  select * from {{ ref('int_pairs_compared') }}
),

w as (
  {{ sm_weights_row(ref('model_parameters')) }}
),

weighted as (
  select
    p.gi_id, p.th_id, p.shared_keys,
    p.name_score, p.address_score, p.postcode_score, p.city_score, p.phone_score, p.distance_score, p.distance_km,
    {%- for c in sm_comparisons() %}
    p.{{ c.name }}_level,
    {%- endfor %}
    {%- for c in sm_comparisons() %}
    {%- set levels = [] %}{% for level, col in tf.get(c.name, []) %}{% do levels.append((level, 'p.' ~ col)) %}{% endfor %}
    {{ sm_comparison_weight(c.name, 'p.' ~ c.name ~ '_level', levels) }} as {{ c.name }}_weight,
    {%- endfor %}
    w.prior_weight,
    -- Locating comparisons present on both sides (address, postcode, phone, distance).
    {%- set locating = ['address', 'postcode', 'phone', 'distance'] %}
    ({% for c in locating %}case when p.{{ c }}_level >= 0 then 1 else 0 end{% if not loop.last %} + {% endif %}{% endfor %}) as evidence_weight
  from pairs p
  cross join w
),

scored as (
  select
    x.*,
    x.prior_weight{% for c in sm_comparisons() %} + x.{{ c.name }}_weight{% endfor %} as match_weight
  from weighted x
)

select
  s.*,
  {{ sm_probability('s.match_weight') }} as match_probability,
  100.0 * {{ sm_probability('s.match_weight') }} as total_score,
  case d.decision
    when 'MATCH' then true
    when 'NO_MATCH' then false
    else {{ sm_probability('s.match_weight') }} >= {{ var('match_probability') }}
  end as is_eligible,
  d.decision,
  {{ sm_run_stamp() }} as computed_at
from scored s
left join {{ source('control', 'pair_decisions') }} d on d.gi_id = s.gi_id and d.th_id = s.th_id

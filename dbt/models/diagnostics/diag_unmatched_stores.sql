{#-
  Every unmatched store with its failure reason and potential score. Reasons come from the
  model: the best candidate's comparisons are looked at one by one.
    NO_CANDIDATE      blocking found no candidate
    AMBIGUOUS         passing candidates the assignment could not tell apart
    TAKEN_BY_BETTER   the best passing candidate went to a store with a better score
    MISSING_FIELDS    the best candidate shares no locating field (address, postcode, phone, coordinates)
    LEGAL_FORM_NOISE  passes once legal-form-like tokens are removed from both names (counterfactual)
    ABBREVIATION      passes once abbreviations count as the words they abbreviate (counterfactual)
    NAME_MISMATCH | ADDRESS_MISMATCH | POSTCODE_MISMATCH | CITY_MISMATCH | PHONE_MISMATCH | TOO_FAR
                      the comparison whose match weight pulled the pair down the most
    BELOW_THRESHOLD   no comparison speaks against the pair: the evidence for it is too weak
  potential_score is 100 × the best candidate's match probability once that reason is fixed:
  with the fix (legal forms, abbreviations), or with the guilty comparison set to neutral (0 bits).
  Incremental: a targeted run recomputes the stores of int_reprocess_pool (the stores whose
  match can have changed, and those with a pair to the scope; a reason depends on passing pairs, and every unmatched store
  with a passing pair to the pool is in the pool).
-#}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    incremental_strategy='append',
    pre_hook="{{ sm_incremental_delete('(source, store_id) in (select source, store_id from ' ~ ref('int_reprocess_pool') ~ ')') }}"
) }}
{%- set legal_like = var('legal_form_like') -%}
{%- set margin = var('ambiguity_margin') -%}
{%- set threshold = var('match_probability') -%}
{%- set reason_of = {'name': 'NAME_MISMATCH', 'address': 'ADDRESS_MISMATCH', 'postcode': 'POSTCODE_MISMATCH', 'city': 'CITY_MISMATCH', 'phone': 'PHONE_MISMATCH', 'distance': 'TOO_FAR'} %}
-- depends_on: {{ ref('int_reprocess_pool') }}
-- depends_on: {{ ref('diag_pool_candidate_pairs') }}
-- depends_on: {{ ref('int_term_frequencies') }}
with stores as (
  select source, store_id, name_raw, name_norm, city_norm, country_code, brand, name_tokens, locating_fields from {{ ref('stg_gi__stores') }}
  union all
  select source, store_id, name_raw, name_norm, city_norm, country_code, brand, name_tokens, locating_fields from {{ ref('stg_th__stores') }}
),

{{ sm_unmatched_ctes() }},

w as (
  {{ sm_weights_row(ref('model_parameters')) }}
),

matched_ids as (
  select gi_id as store_id, 'gi' as source from {{ ref('fct_store_matches') }} where status = 'MATCHED'
  union all
  select th_id, 'th' from {{ ref('fct_store_matches') }} where status = 'MATCHED'
),

ranked as (
  select d.*,
    row_number() over (partition by d.source, d.store_id order by d.match_weight desc nulls last, d.name_score desc nulls last, d.candidate_id) as rnk,
    row_number() over (partition by d.source, d.store_id, d.is_eligible order by d.match_weight desc, d.name_score desc, d.candidate_id) as eligible_rnk,
    exists (select 1 from matched_ids m where m.store_id = d.candidate_id and m.source <> d.source) as candidate_taken
  from directed d
  join unmatched u on u.source = d.source and u.store_id = d.store_id
),

per_store as (
  select
    source, store_id,
    count(*) as candidate_count,
    {{ sm_count_if('is_eligible') }} as eligible_count,
    {{ sm_agg_if('max', 'match_weight', 'is_eligible and eligible_rnk = 1') }} as best_eligible_weight,
    {{ sm_agg_if('max', 'match_weight', 'is_eligible and eligible_rnk = 2') }} as second_eligible_weight,
    {{ sm_agg_if('bool_or', 'candidate_taken', 'is_eligible and eligible_rnk = 1') }} as best_eligible_taken
  from ranked
  group by 1, 2
),

best_pair as (
  -- The best pair's tokens, from staging (the pairs table holds no token lists).
  select r.*,
    g.name_tokens as gi_name_tokens, t.name_tokens as th_name_tokens,
    g.brand as gi_brand, t.brand as th_brand,
    g.street_tokens as gi_street_tokens, t.street_tokens as th_street_tokens,
    g.address_number as gi_address_number, t.address_number as th_address_number,
    {{ sm_tokens_without('g.name_tokens', legal_like) }} as gi_legal_free,
    {{ sm_tokens_without('t.name_tokens', legal_like) }} as th_legal_free
  from ranked r
  join {{ ref('stg_gi__stores') }} g on g.store_id = r.gi_id
  join {{ ref('stg_th__stores') }} t on t.store_id = r.th_id
  where r.rnk = 1
),

counterfactual_scores as (
  select
    b.*,
    {{ sm_soft_dice('b.gi_legal_free', 'b.th_legal_free') }} as legal_free_name_score,
    {{ sm_list_len('b.gi_name_tokens') }} + {{ sm_list_len('b.th_name_tokens') }}
      - {{ sm_list_len('b.gi_legal_free') }} - {{ sm_list_len('b.th_legal_free') }} as legal_tokens_removed,
    {{ sm_soft_dice('b.gi_name_tokens', 'b.th_name_tokens', allow_abbreviations=true) }} as abbreviation_name_score,
    {{ sm_soft_dice('b.gi_street_tokens', 'b.th_street_tokens', allow_abbreviations=true) }} as abbreviation_street_dice
  from best_pair b
),

counterfactual_levels as (
  select
    c.*,
    {{ sm_name_level(sm_join_tokens('c.gi_legal_free'), sm_join_tokens('c.th_legal_free'), 'c.gi_legal_free', 'c.th_legal_free', 'c.legal_free_name_score', 'c.gi_brand', 'c.th_brand') }} as legal_free_name_level,
    {{ sm_name_level(sm_join_tokens('c.gi_name_tokens'), sm_join_tokens('c.th_name_tokens'), 'c.gi_name_tokens', 'c.th_name_tokens', 'c.abbreviation_name_score', 'c.gi_brand', 'c.th_brand') }} as abbreviation_name_level,
    {{ sm_address_level('c.gi_address_number', 'c.th_address_number', 'c.abbreviation_street_dice') }} as abbreviation_address_level
  from counterfactual_scores c
),

counterfactual_tf as (
  -- The term frequency of the legal-form-free name, for the name's adjustment once exact.
  select c.*, tf.tf as legal_free_name_tf
  from counterfactual_levels c
  left join {{ ref('int_term_frequencies') }} tf on tf.field = 'name' and tf.value = {{ sm_join_tokens('c.gi_legal_free') }}
),

checks as (
  select
    c.*,
    -- The match weight once legal forms are gone from both names / abbreviations count as words.
    c.match_weight - c.name_weight + {{ sm_comparison_weight('name', 'c.legal_free_name_level', [(5, 'c.legal_free_name_tf')]) }} as legal_fix_weight,
    c.match_weight - c.name_weight - c.address_weight
      + {{ sm_comparison_weight('name', 'greatest(c.name_level, c.abbreviation_name_level)') }}
      + {{ sm_comparison_weight('address', 'greatest(c.address_level, c.abbreviation_address_level)') }} as abbreviation_fix_weight,
    -- The comparison that pulled the pair down the most (its most negative weight).
    least({% for c in sm_comparisons() %}coalesce(c.{{ c.name }}_weight, 0){% if not loop.last %}, {% endif %}{% endfor %}) as worst_weight,
    case least({% for c in sm_comparisons() %}coalesce(c.{{ c.name }}_weight, 0){% if not loop.last %}, {% endif %}{% endfor %})
      {%- for c in sm_comparisons() %}
      when c.{{ c.name }}_weight then '{{ reason_of[c.name] }}'
      {%- endfor %}
    end as worst_reason
  from counterfactual_tf c
  cross join w
),

explained as (
  select
    k.*,
    k.legal_tokens_removed > 0 and k.legal_free_name_level > k.name_level
      and {{ sm_probability('k.legal_fix_weight') }} >= {{ threshold }} as legal_fix_passes,
    (k.abbreviation_name_level > k.name_level or k.abbreviation_address_level > k.address_level)
      and {{ sm_probability('k.abbreviation_fix_weight') }} >= {{ threshold }} as abbreviation_fix_passes
  from checks k
)

select
  u.source,
  u.store_id,
  s.name_raw as name,
  s.name_norm,
  s.city_norm as city,
  s.country_code,
  coalesce(s.brand, '(independent)') as brand,
  s.name_tokens,
  coalesce(ps.candidate_count, 0) as candidate_count,
  case
    when coalesce(ps.candidate_count, 0) = 0 then 'NO_CANDIDATE'
    when ps.eligible_count >= 2 and ps.second_eligible_weight >= ps.best_eligible_weight - {{ margin }} then 'AMBIGUOUS'
    when ps.eligible_count >= 1 and ps.best_eligible_taken then 'TAKEN_BY_BETTER'
    when ps.eligible_count >= 1 then 'AMBIGUOUS'
    when c.legal_fix_passes then 'LEGAL_FORM_NOISE'
    when c.abbreviation_fix_passes then 'ABBREVIATION'
    when c.evidence_weight = 0 then 'MISSING_FIELDS'
    when c.worst_weight < 0 then c.worst_reason
    else 'BELOW_THRESHOLD'
  end as failure_reason,
  round(100.0 * case
    when coalesce(ps.eligible_count, 0) >= 1 or c.candidate_id is null then c.match_probability
    when c.legal_fix_passes then {{ sm_probability('c.legal_fix_weight') }}
    when c.abbreviation_fix_passes then {{ sm_probability('c.abbreviation_fix_weight') }}
    else {{ sm_probability('c.match_weight - least(c.worst_weight, 0)') }}
  end, 2) as potential_score,
  c.candidate_id as best_candidate_id,
  round(c.total_score, 2) as best_score,
  round(c.match_weight, 3) as best_match_weight,
  round(c.name_score, 2) as best_name_score,
  round(c.address_score, 2) as best_address_score,
  round(c.postcode_score, 2) as best_postcode_score,
  round(c.city_score, 2) as best_city_score,
  round(c.phone_score, 2) as best_phone_score,
  round(c.distance_score, 2) as best_distance_score,
  {%- for cmp in sm_comparisons() %}
  c.{{ cmp.name }}_level as best_{{ cmp.name }}_level,
  round(c.{{ cmp.name }}_weight, 3) as best_{{ cmp.name }}_weight,
  {%- endfor %}
  c.candidate_taken as best_candidate_taken,
  round(c.legal_free_name_score, 2) as legal_free_name_score,
  s.locating_fields
from unmatched u
join stores s on s.source = u.source and s.store_id = u.store_id
left join per_store ps on ps.source = u.source and ps.store_id = u.store_id
left join explained c on c.source = u.source and c.store_id = u.store_id

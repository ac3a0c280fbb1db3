{#-
  Every unmatched store with its failure reason and potential score (its best candidate's
  total score). Reasons are computed, not guessed: each one re-scores the best candidate
  with one thing changed and checks whether it would then pass the rule.
    NO_CANDIDATE      blocking found no candidate
    AMBIGUOUS         passing candidates the assignment could not tell apart
    TAKEN_BY_BETTER   the best passing candidate went to a store with a better score
    MISSING_FIELDS    the best candidate shares too few locating fields to be trusted
    LEGAL_FORM_NOISE  passes once legal-form-like tokens are removed from both names
    ABBREVIATION      passes once abbreviations count as the words they abbreviate
    NAME_MISMATCH | ADDRESS_MISMATCH | POSTCODE_MISMATCH | CITY_MISMATCH | TOO_FAR
                      passes once that one component is perfect (the biggest loss wins)
    BELOW_THRESHOLD   no single change makes it pass
  Incremental: a targeted run recomputes the stores of int_reprocess_pool (the stores whose
  match can have changed, and those with a pair to the scope; a reason depends on passing pairs, and every unmatched store
  with a passing pair to the pool is in the pool).
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ sm_incremental_delete('(source, store_id) in (select source, store_id from ' ~ ref('int_reprocess_pool') ~ ')') }}"
) }}
{%- set legal_like = var('legal_form_like') -%}
{%- set margin = var('ambiguity_margin') -%}
{%- set w = var('weights') %}
-- depends_on: {{ ref('int_reprocess_pool') }}
-- depends_on: {{ ref('diag_pool_candidate_pairs') }}
with stores as (
  select source, store_id, name_raw, name_norm, city_norm, country_code, brand, name_tokens, locating_fields from {{ ref('stg_gi__stores') }}
  union all
  select source, store_id, name_raw, name_norm, city_norm, country_code, brand, name_tokens, locating_fields from {{ ref('stg_th__stores') }}
),

{{ sm_unmatched_ctes() }},

matched_ids as (
  select gi_id as store_id, 'gi' as source from {{ ref('fct_store_matches') }} where status = 'MATCHED'
  union all
  select th_id, 'th' from {{ ref('fct_store_matches') }} where status = 'MATCHED'
),

ranked as (
  select d.*,
    row_number() over (partition by d.source, d.store_id order by d.total_score desc nulls last, d.name_score desc nulls last, d.candidate_id) as rnk,
    row_number() over (partition by d.source, d.store_id, d.is_eligible order by d.total_score desc, d.name_score desc, d.candidate_id) as eligible_rnk,
    exists (select 1 from matched_ids m where m.store_id = d.candidate_id and m.source <> d.source) as candidate_taken
  from directed d
  join unmatched u on u.source = d.source and u.store_id = d.store_id
),

per_store as (
  select
    source, store_id,
    count(*) as candidate_count,
    count(*) filter (where is_eligible) as eligible_count,
    max(total_score) filter (where is_eligible and eligible_rnk = 1) as best_eligible_score,
    max(total_score) filter (where is_eligible and eligible_rnk = 2) as second_eligible_score,
    bool_or(candidate_taken) filter (where is_eligible and eligible_rnk = 1) as best_eligible_taken
  from ranked
  group by 1, 2
),

best_pair as (
  -- The best pair's tokens, from staging (the pairs table's copies are not read: see directed).
  select r.*,
    g.name_tokens as gi_name_tokens, t.name_tokens as th_name_tokens,
    g.street_tokens as gi_street_tokens, t.street_tokens as th_street_tokens,
    g.address_number as gi_address_number, t.address_number as th_address_number
  from ranked r
  join {{ ref('stg_gi__stores') }} g on g.store_id = r.gi_id
  join {{ ref('stg_th__stores') }} t on t.store_id = r.th_id
  where r.rnk = 1
),

best as (
  select
    r.*,
    {{ sm_soft_dice(sm_tokens_without('r.gi_name_tokens', legal_like), sm_tokens_without('r.th_name_tokens', legal_like)) }} as legal_free_name_score,
    {{ sm_list_len('r.gi_name_tokens') }} + {{ sm_list_len('r.th_name_tokens') }}
      - {{ sm_list_len(sm_tokens_without('r.gi_name_tokens', legal_like)) }} - {{ sm_list_len(sm_tokens_without('r.th_name_tokens', legal_like)) }} as legal_tokens_removed,
    {{ sm_soft_dice('r.gi_name_tokens', 'r.th_name_tokens', allow_abbreviations=true) }} as abbreviation_name_score,
    {{ sm_address_score('r.gi_address_number', 'r.gi_street_tokens', 'r.th_address_number', 'r.th_street_tokens', allow_abbreviations=true) }} as abbreviation_address_score
  from best_pair r
),

checks as (
  select
    b.*,
    {{ sm_is_eligible(total=sm_total_score(name='b.legal_free_name_score'), name='b.legal_free_name_score') }} and b.legal_tokens_removed > 0 as legal_fix_passes,
    {{ sm_is_eligible(total=sm_total_score(name='b.abbreviation_name_score', address='b.abbreviation_address_score'), name='b.abbreviation_name_score') }}
      and (b.abbreviation_name_score > b.name_score or b.abbreviation_address_score > b.address_score) as abbreviation_fix_passes,
    {{ sm_is_eligible(total=sm_total_score(name='100.0'), name='100.0') }} as name_fix_passes,
    b.address_score is not null and {{ sm_is_eligible(total=sm_total_score(address='100.0')) }} as address_fix_passes,
    b.postcode_score is not null and {{ sm_is_eligible(total=sm_total_score(postcode='100.0')) }} as postcode_fix_passes,
    b.city_score is not null and {{ sm_is_eligible(total=sm_total_score(city='100.0')) }} as city_fix_passes,
    b.distance_score is not null and {{ sm_is_eligible(total=sm_total_score(distance='100.0')) }} as distance_fix_passes
  from best b
),

component_reason as (
  {#- Among the single-component fixes that would pass, the component that lost the most weighted points. -#}
  select source, store_id, arg_max(reason, loss) as reason
  from (
    select source, store_id, 'NAME_MISMATCH' as reason, {{ w['name'] }} * (100 - coalesce(name_score, 0)) as loss from checks where name_fix_passes
    union all
    select source, store_id, 'ADDRESS_MISMATCH', {{ w['address'] }} * (100 - address_score) from checks where address_fix_passes
    union all
    select source, store_id, 'POSTCODE_MISMATCH', {{ w['postcode'] }} * (100 - postcode_score) from checks where postcode_fix_passes
    union all
    select source, store_id, 'CITY_MISMATCH', {{ w['city'] }} * (100 - city_score) from checks where city_fix_passes
    union all
    select source, store_id, 'TOO_FAR', {{ w['distance'] }} * (100 - distance_score) from checks where distance_fix_passes
  ) fixes
  group by 1, 2
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
    when ps.eligible_count >= 2 and ps.second_eligible_score >= ps.best_eligible_score - {{ margin }} then 'AMBIGUOUS'
    when ps.eligible_count >= 1 and ps.best_eligible_taken then 'TAKEN_BY_BETTER'
    when ps.eligible_count >= 1 then 'AMBIGUOUS'
    when c.evidence_weight < {{ var('min_evidence_weight') }} then 'MISSING_FIELDS'
    when c.legal_fix_passes then 'LEGAL_FORM_NOISE'
    when c.abbreviation_fix_passes then 'ABBREVIATION'
    when cr.reason is not null then cr.reason
    else 'BELOW_THRESHOLD'
  end as failure_reason,
  round(c.total_score, 2) as potential_score,
  c.candidate_id as best_candidate_id,
  round(c.name_score, 2) as best_name_score,
  round(c.address_score, 2) as best_address_score,
  round(c.postcode_score, 2) as best_postcode_score,
  round(c.city_score, 2) as best_city_score,
  round(c.phone_score, 2) as best_phone_score,
  round(c.distance_score, 2) as best_distance_score,
  c.candidate_taken as best_candidate_taken,
  round(c.legal_free_name_score, 2) as legal_free_name_score,
  s.locating_fields
from unmatched u
join stores s on s.source = u.source and s.store_id = u.store_id
left join per_store ps on ps.source = u.source and ps.store_id = u.store_id
left join checks c on c.source = u.source and c.store_id = u.store_id
left join component_reason cr on cr.source = u.source and cr.store_id = u.store_id

{#- Failure reasons aggregated by source, country, city, brand and name token. -#}
with u as (select * from {{ ref('diag_unmatched_stores') }}),

dims as (
  select 'source' as dimension, source as value, source, failure_reason, store_id, potential_score from u
  union all
  select 'country', coalesce(country_code, '(unknown)'), source, failure_reason, store_id, potential_score from u
  union all
  select 'city', coalesce(city, '(unknown)'), source, failure_reason, store_id, potential_score from u
  union all
  select 'brand', brand, source, failure_reason, store_id, potential_score from u
  union all
  select 'name_token', tok.t, source, failure_reason, store_id, potential_score
  from u, {{ sm_unnest_tokens('u.name_tokens', 'tok', 't') }}
)

select
  dimension,
  value,
  source,
  failure_reason,
  count(distinct store_id) as stores,
  round(avg(potential_score), 2) as avg_potential_score,
  {{ sm_count_distinct_if('store_id', 'potential_score > 70') }} as stores_with_potential
from dims
group by 1, 2, 3, 4

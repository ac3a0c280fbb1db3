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
  from u, unnest(u.name_tokens) as tok(t)
)

select
  dimension,
  value,
  source,
  failure_reason,
  count(distinct store_id) as stores,
  round(avg(potential_score), 2) as avg_potential_score,
  count(distinct store_id) filter (where potential_score > 70) as stores_with_potential
from dims
group by 1, 2, 3, 4

{#-
  One row per GI–TH pair or singleton: the link between the two lists.
  Incremental (merge on match_key): a targeted run first deletes the rows of the stores in
  int_reprocess_pool (a singleton row disappears when its store gets a partner), then merges
  the recomputed rows of those stores; every other row stays as it was.
-#}
{{ config(sm_gold_iceberg_config()) }}
{{ config(
    materialized='incremental',
    on_schema_change='append_new_columns',
    incremental_strategy='merge',
    unique_key='match_key',
    pre_hook="{{ sm_incremental_delete(sm_pair_touches(sm_assign_pool())) }}"
) }}
{%- set targeted = sm_is_targeted() %}
-- depends_on: {{ ref('int_reprocess_pool') }}
with gi as (
  select * from {{ ref('stg_gi__stores') }}
  {%- if targeted %} where {{ sm_in_scope('store_id', 'gi', sm_assign_pool()) }}{% endif %}
),
th as (
  select * from {{ ref('stg_th__stores') }}
  {%- if targeted %} where {{ sm_in_scope('store_id', 'th', sm_assign_pool()) }}{% endif %}
),
matched as (
  select * from {{ ref('int_matches_assigned') }}
  {%- if targeted %}
  where {{ sm_pair_touches(sm_assign_pool()) }}
  {%- endif %}
),

rows_ as (
  select m.gi_id, m.th_id, 'MATCHED' as status, m.score from matched m
  union all
  select g.store_id, null, 'GI_ONLY', null from gi g
  where not exists (select 1 from matched m where m.gi_id = g.store_id)
  union all
  select null, t.store_id, 'TH_ONLY', null from th t
  where not exists (select 1 from matched m where m.th_id = t.store_id)
)

select
  coalesce(r.gi_id, '') || '|' || coalesce(r.th_id, '') as match_key,
  r.gi_id,
  r.th_id,
  r.status,
  round(r.score, 2) as score,
  g.name_raw as gi_name,
  t.name_raw as th_name,
  coalesce(g.city_norm, t.city_norm) as city,
  coalesce(g.country_code, t.country_code) as country_code,
  coalesce(g.brand, t.brand) as brand,
  round(e.match_weight, 3) as match_weight,
  {%- for c in sm_comparisons() %}
  e.{{ c.name }}_level,
  round(e.{{ c.name }}_weight, 3) as {{ c.name }}_weight,
  {%- endfor %}
  round(e.prior_weight, 3) as prior_weight
from rows_ r
-- The matched pairs' evidence (the waterfall: each comparison's level and weight), which the
-- assignment carries.
left join matched e on e.gi_id = r.gi_id and e.th_id = r.th_id
left join {{ ref('stg_gi__stores') }} g on g.store_id = r.gi_id
left join {{ ref('stg_th__stores') }} t on t.store_id = r.th_id

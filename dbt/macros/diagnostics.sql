{#-
  CTEs shared by the diagnostics models:
    unmatched  every unmatched store (in a targeted run: those of int_reprocess_pool)
    directed   each unmatched store's candidate pairs, seen from its side
  They read gold and the pairs table by ref(), not through a CTE of the calling model: DuckDB
  materializes a CTE referenced more than once, and a materialized `select * from pairs` copies
  the whole pairs table (every column, token lists included) before any filter applies. Read
  directly, each scan gets the store filter pushed down and reads only the columns it needs.
-#}
{% macro sm_unmatched_ctes() -%}
unmatched as (
  select * from (
    select 'gi' as source, gi_id as store_id from {{ ref('fct_store_matches') }} where status = 'GI_ONLY'
    union all
    select 'th', th_id from {{ ref('fct_store_matches') }} where status = 'TH_ONLY'
  ) u
  {%- if sm_is_targeted() %}
  where (u.source, u.store_id) in (select source, store_id from {{ ref('int_reprocess_pool') }})
  {%- endif %}
),

directed as (
  -- Each unmatched store's pairs, seen from its side. Only the narrow score columns: the pairs
  -- table is the big one, and its token lists are read back from staging for the best pair only.
  {%- set cols = 'p.total_score, p.name_score, p.address_score, p.postcode_score, p.city_score, p.phone_score, p.distance_score, p.distance_km, p.evidence_weight, p.is_eligible' %}
  select 'gi' as source, p.gi_id as store_id, p.th_id as candidate_id, p.gi_id, p.th_id, {{ cols }}
  from {{ ref('int_pairs_scored') }} p where p.gi_id in (select store_id from unmatched where source = 'gi')
  union all
  select 'th', p.th_id, p.gi_id, p.gi_id, p.th_id, {{ cols }}
  from {{ ref('int_pairs_scored') }} p where p.th_id in (select store_id from unmatched where source = 'th')
)
{%- endmacro %}

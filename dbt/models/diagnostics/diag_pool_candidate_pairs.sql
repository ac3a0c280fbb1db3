{#-
  Targeted runs only: the candidate pairs of the unmatched stores of int_reprocess_pool, seen
  from their side (see sm_directed_pairs_of_few). diag_unmatched_stores and diag_store_candidates both
  read them, so the big pairs table is searched once per run instead of once per model. Empty
  in a full run, where both models read int_pairs_scored themselves.
-#}
{{ config(materialized='table') }}
-- depends_on: {{ ref('int_reprocess_pool') }}
-- depends_on: {{ ref('fct_store_matches') }}
-- depends_on: {{ ref('int_pairs_scored') }}
{%- if sm_run_var('run_mode') == 'targeted' %}
with unmatched as (
  select * from (
    select 'gi' as source, gi_id as store_id from {{ ref('fct_store_matches') }} where status = 'GI_ONLY'
    union all
    select 'th', th_id from {{ ref('fct_store_matches') }} where status = 'TH_ONLY'
  ) u
  where (u.source, u.store_id) in (select source, store_id from {{ ref('int_reprocess_pool') }})
)

select * from {{ sm_directed_pairs_of_few('unmatched') }} d
{%- else %}
select 'gi' as source, p.gi_id as store_id, p.th_id as candidate_id, p.gi_id, p.th_id, {{ sm_directed_score_columns() }}
from {{ ref('int_pairs_scored') }} p
where false
{%- endif %}

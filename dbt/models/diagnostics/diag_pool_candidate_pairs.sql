{#-
  Targeted runs only: the candidate pairs, seen from their side (see sm_directed_pairs_of_few),
  of every store of int_reprocess_pool that can be unmatched after the run (may_be_unmatched: a
  superset of the pool's unmatched stores, known before the assignment is redone, so that this
  model runs next to int_matches_assigned and fct_store_matches instead of after them).
  diag_unmatched_stores and diag_store_candidates both read it and keep the rows of their
  unmatched stores, so the big pairs table is searched once per run instead of once per model.
  Empty in a full run, where both models read int_pairs_scored themselves.
-#}
{{ config(materialized='table') }}
-- depends_on: {{ ref('int_reprocess_pool') }}
-- depends_on: {{ ref('int_pairs_scored') }}
{%- if sm_run_var('run_mode') == 'targeted' %}
with stores as (
  select source, store_id from {{ ref('int_reprocess_pool') }} where may_be_unmatched
)

select * from {{ sm_directed_pairs_of_few('stores') }} d
{%- else %}
select 'gi' as source, p.gi_id as store_id, p.th_id as candidate_id, p.gi_id, p.th_id, {{ sm_directed_score_columns() }}
from {{ ref('int_pairs_scored') }} p
where false
{%- endif %}

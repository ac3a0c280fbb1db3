{#-
  Every candidate pair compared: the similarities shown to people (0–100, null when a side lacks
  the field) and the level of each comparison, which the model scores (int_pairs_scored). The
  expensive part of matching (token similarities); the model is learned from these levels.
  This run's pairs only, as int_candidate_pairs_blocked: a full build compares every candidate
  pair (the model learns from them all), a targeted run the pairs that touch a store in
  int_reprocess_scope, which int_pairs_scored scores with the kept model and keeps.
-#}
{{ config(materialized='table') }}
-- depends_on: {{ ref('int_value_similarities') }}
{%- set pairs -%}
(
  select gi_id, th_id, shared_keys from {{ ref('int_candidate_pairs_blocked') }}
)
{%- endset %}
{#- A full build on DuckDB looks the token similarities up in int_value_similarities; a
    targeted run (and Snowflake) computes its pairs itself (the same macros, so the same values). #}
{{ sm_compare_pairs(pairs, carry=['shared_keys'], similarities=ref('int_value_similarities') if target.type == 'duckdb' and not sm_is_targeted_run() else none) }}

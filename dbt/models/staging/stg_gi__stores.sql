-- GI stores, normalized (see macros/normalize_stores.sql).
-- Incremental: a targeted run re-normalizes only the stores in int_reprocess_scope.
{{ config(
    materialized='incremental',
    incremental_strategy='merge',
    unique_key='store_id',
    pre_hook="{{ sm_incremental_delete(sm_in_scope('store_id', 'gi', ref('int_reprocess_scope'))) }}"
) }}
-- depends_on: {{ ref('int_reprocess_scope') }}
{{ normalize_stores(
    source('raw', 'gi'), 'gi',
    where=sm_in_scope('store_id', 'gi', ref('int_reprocess_scope')) if sm_is_targeted() else none
) }}

{#-
  One row: the hash of a fixed key (sm_block_key), written by every build that writes the block
  keys of every store, and kept by targeted runs. A targeted run recomputes the keys of its
  scope's stores only, and they meet the other stores' stored keys only if the warehouse hashes
  as it did when those were written. After a warehouse upgrade that changed the hash function,
  int_store_block_keys stops the next targeted run before any block key is written, and asks
  for a full refresh.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ sm_incremental_delete('false') }}"
) }}
select {{ sm_block_key_probe() }} as probe
{%- if sm_is_targeted() %}
where false
{%- endif %}

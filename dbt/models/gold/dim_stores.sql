{#-
  Every store of both lists with its raw and normalized values, for the console's candidate
  explorer, stamped with the run that computed them (computed_at).
  Incremental: a targeted run re-normalizes only the stores of int_reprocess_scope (as the
  staging models do) and replaces their rows; every other row stays as it was.
  Published as history: a full build overwrites the Iceberg table with every row, a targeted
  run appends only the rows it recomputed (publish_local_snapshot), so a version's profile of a
  store is its row with the latest computed_at. Full builds write it sorted by (source,
  store_id), so a lookup reads one row group. Its whole-table data tests run in full builds
  only (tag profiles), like staging's: a targeted run replaces the rows of the stores it
  re-normalized, which staging keeps unique.
-#}
{{ config(sm_gold_iceberg_config()) }}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    tags=['profiles'],
    pre_hook="{{ sm_incremental_delete('(source, store_id) in (select source, store_id from ' ~ ref('int_reprocess_scope') ~ ')') }}"
) }}
-- depends_on: {{ ref('int_reprocess_scope') }}
{%- set cols = 'source, store_id, name_raw, address_raw, postcode_raw, city_raw, country_raw, phone_raw, lat, lon, ' ~ sm_gold_list('name_tokens') ~ ', name_norm, address_norm, postcode_norm, city_norm, country_code, phone_norm, brand, locating_fields' %}
select *, {{ sm_run_stamp() }} as computed_at from (
  select {{ cols }} from {{ ref('stg_gi__stores') }}
  {%- if sm_is_targeted() %} where {{ sm_in_scope('store_id', 'gi', ref('int_reprocess_scope')) }}{% endif %}
  union all
  select {{ cols }} from {{ ref('stg_th__stores') }}
  {%- if sm_is_targeted() %} where {{ sm_in_scope('store_id', 'th', ref('int_reprocess_scope')) }}{% endif %}
)
{%- if not sm_is_targeted() %}
order by source, store_id
{%- endif %}

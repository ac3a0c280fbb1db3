{#-
  Every store of both lists with its raw and normalized values, for the console's candidate
  explorer (published with each version, so an old version shows the values it matched on).
  Incremental: a targeted run re-normalizes only the stores of int_reprocess_scope (as the
  staging models do) and replaces their rows; every other row stays as it was.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ sm_incremental_delete('(source, store_id) in (select source, store_id from ' ~ ref('int_reprocess_scope') ~ ')') }}"
) }}
-- depends_on: {{ ref('int_reprocess_scope') }}
{%- set cols = 'source, store_id, name_raw, address_raw, postcode_raw, city_raw, country_raw, phone_raw, lat, lon, name_tokens, name_norm, address_norm, postcode_norm, city_norm, country_code, phone_norm, brand, locating_fields' %}
select {{ cols }} from {{ ref('stg_gi__stores') }}
{%- if sm_is_targeted() %} where {{ sm_in_scope('store_id', 'gi', ref('int_reprocess_scope')) }}{% endif %}
union all
select {{ cols }} from {{ ref('stg_th__stores') }}
{%- if sm_is_targeted() %} where {{ sm_in_scope('store_id', 'th', ref('int_reprocess_scope')) }}{% endif %}

{#-
  Blocking keys. Two stores become a candidate pair when they share a key. Every key
  mixes a locality with a name or address token (4-letter prefixes, so typos late in a
  word still meet), or is an exact phone number, so candidates appear even when the
  postcode, coordinates or phone are missing. GI also emits the 8 neighbouring grid
  cells so that stores on either side of a cell border still meet.
  A key is stored as a 64-bit hash of its kind and parts (sm_block_key), with its kind beside
  it: 8-byte keys are cheaper to write, group and join than the strings they stand for (at 1M
  stores per side, about 50M keys). Two different keys share a hash with a probability of about
  1e-5 per build at that size; if they did, their two blocks would be one, under one cap.
  Incremental: a targeted run recomputes the keys of the stores in int_reprocess_scope
  (computed_at: see sm_run_stamp).
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ sm_incremental_delete('(source, store_id) in (select source, store_id from ' ~ ref('int_reprocess_scope') ~ ')') }}"
) }}
-- depends_on: {{ ref('int_reprocess_scope') }}
-- depends_on: {{ ref('int_block_key_probe') }}
{%- if sm_is_targeted() and execute %}
{#- The scope's recomputed keys must meet the stored ones: the warehouse must hash as it did
    when the last full build wrote them (int_block_key_probe). #}
{%- set check = run_query('select count(*) as stored, ' ~ sm_count_if('probe = ' ~ sm_block_key_probe()) ~ ' as same from ' ~ ref('int_block_key_probe')) %}
{%- if check.columns[0].values()[0] == 0 %}
{{ exceptions.raise_compiler_error("no full build has recorded how it hashed block keys (the last one predates it): run a full refresh before a targeted run") }}
{%- elif check.columns[1].values()[0] == 0 %}
{{ exceptions.raise_compiler_error("the warehouse no longer hashes block keys as the last full build did (after a warehouse upgrade?): a targeted run's keys would meet no other store's; run a full refresh") }}
{%- endif %}
{%- endif %}
with stores as (
  select store_id, source, name_tokens, street_tokens, address_number, postcode_norm, city_norm, phone_norm, lat, lon, name_norm
  from {{ ref('stg_gi__stores') }}
  {%- if sm_is_targeted() %} where {{ sm_in_scope('store_id', 'gi', ref('int_reprocess_scope')) }}{% endif %}
  union all
  select store_id, source, name_tokens, street_tokens, address_number, postcode_norm, city_norm, phone_norm, lat, lon, name_norm
  from {{ ref('stg_th__stores') }}
  {%- if sm_is_targeted() %} where {{ sm_in_scope('store_id', 'th', ref('int_reprocess_scope')) }}{% endif %}
),

name_prefixes as (
  select s.*, left(tok.t, 4) as name_prefix
  from stores s, {{ sm_unnest_tokens('s.name_tokens', 'tok', 't', min_length=3) }}
),

cells as (
  select s.store_id, s.source, name_prefix,
    floor(s.lat * 100)::bigint + d.dlat as cell_lat, floor(s.lon * 100)::bigint + d.dlon as cell_lon
  from name_prefixes s
  cross join (select * from (values (-1), (0), (1)) a(dlat), (values (-1), (0), (1)) b(dlon)) d
  where s.lat is not null and s.lon is not null
    and (s.source = 'gi' or (d.dlat = 0 and d.dlon = 0))
),

keys as (
  select distinct store_id, source, 'pc' as block_kind, {{ sm_block_key(["'pc'", 'postcode_norm', 'name_prefix']) }} as block_key
  from name_prefixes where postcode_norm is not null
  union all
  select distinct store_id, source, 'city', {{ sm_block_key(["'city'", 'city_norm', 'name_prefix']) }}
  from name_prefixes where city_norm is not null
  union all
  select distinct store_id, source, 'geo', {{ sm_block_key(["'geo'", 'cell_lat', 'cell_lon', 'name_prefix']) }} from cells
  union all
  select store_id, source, 'name', {{ sm_block_key(["'name'", 'name_norm']) }} from stores where name_norm is not null
  union all
  select store_id, source, 'phone', {{ sm_block_key(["'phone'", 'phone_norm']) }} from stores where phone_norm is not null
  union all
  select distinct s.store_id, s.source, 'addr', {{ sm_block_key(["'addr'", 's.city_norm', 's.address_number', 'left(st.t, 4)']) }}
  from stores s, {{ sm_unnest_tokens('s.street_tokens', 'st', 't', min_length=3) }}
  where s.city_norm is not null and s.address_number is not null
  union all
  -- Place keys, whatever the name (a franchisee's legal entity on one side, the sign on the
  -- other). They name one place, so their blocks get the small place cap
  -- (int_candidate_pairs_blocked): a bigger block is a common street or a shared coordinate
  -- (a city centroid, a mall), not a place.
  -- The same number and street wherever the locality is spelled (or missing): blocks of a
  -- common street ("1 rue de la gare") exceed the cap and are dropped, rare ones stay.
  select distinct s.store_id, s.source, 'street', {{ sm_block_key(["'street'", 's.address_number', 'left(st.t, 4)']) }}
  from stores s, {{ sm_unnest_tokens('s.street_tokens', 'st', 't', min_length=4) }}
  where s.address_number is not null
  union all
  -- The same street in the same postcode, with or without a number.
  select store_id, source, 'pcst', {{ sm_block_key(["'pcst'", 'postcode_norm', sm_join_tokens('street_tokens')]) }}
  from stores where postcode_norm is not null and {{ sm_list_len('street_tokens') }} > 0
  union all
  -- The same map cell of about 100 m, on two grids offset by half a cell, so that two points
  -- a few metres apart share a cell of at least one grid wherever the cell borders fall.
  select store_id, source, 'loc', {{ sm_block_key(["'loc'", 'floor(lat * 1000)::bigint', 'floor(lon * 1000)::bigint']) }}
  from stores where lat is not null and lon is not null
  union all
  select store_id, source, 'locr', {{ sm_block_key(["'locr'", 'round(lat * 1000)::bigint', 'round(lon * 1000)::bigint']) }}
  from stores where lat is not null and lon is not null
)

-- No final DISTINCT: each branch is distinct on its own and the branches' kinds differ
-- (a second pass over every key cost a quarter of this model; the uniqueness test guards it).
select store_id, source, block_kind, block_key, {{ sm_run_stamp() }} as computed_at from keys

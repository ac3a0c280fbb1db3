{#-
  Blocking keys. Two stores become a candidate pair when they share a key. Every key
  mixes a locality with a name or address token (4-letter prefixes, so typos late in a
  word still meet), or is an exact phone number, so candidates appear even when the
  postcode, coordinates or phone are missing. GI also emits the 8 neighbouring grid
  cells so that stores on either side of a cell border still meet.
  Incremental: a targeted run recomputes the keys of the stores in int_reprocess_scope
  (computed_at: see sm_run_stamp).
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ sm_incremental_delete('(source, store_id) in (select source, store_id from ' ~ ref('int_reprocess_scope') ~ ')') }}"
) }}
-- depends_on: {{ ref('int_reprocess_scope') }}
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
    (floor(s.lat * 100)::bigint + d.dlat) || ':' || (floor(s.lon * 100)::bigint + d.dlon) as cell
  from name_prefixes s
  cross join (select * from (values (-1), (0), (1)) a(dlat), (values (-1), (0), (1)) b(dlon)) d
  where s.lat is not null and s.lon is not null
    and (s.source = 'gi' or (d.dlat = 0 and d.dlon = 0))
),

keys as (
  select distinct store_id, source, 'pc|' || postcode_norm || '|' || name_prefix as block_key
  from name_prefixes where postcode_norm is not null
  union all
  select distinct store_id, source, 'city|' || city_norm || '|' || name_prefix
  from name_prefixes where city_norm is not null
  union all
  select distinct store_id, source, 'geo|' || cell || '|' || name_prefix from cells
  union all
  select store_id, source, 'name|' || name_norm from stores where name_norm is not null
  union all
  select store_id, source, 'phone|' || phone_norm from stores where phone_norm is not null
  union all
  select distinct s.store_id, s.source, 'addr|' || s.city_norm || '|' || s.address_number || '|' || left(st.t, 4)
  from stores s, {{ sm_unnest_tokens('s.street_tokens', 'st', 't', min_length=3) }}
  where s.city_norm is not null and s.address_number is not null
  union all
  -- Place keys, whatever the name (a franchisee's legal entity on one side, the sign on the
  -- other). They name one place, so their blocks get the small place cap
  -- (int_candidate_pairs_blocked): a bigger block is a common street or a shared coordinate
  -- (a city centroid, a mall), not a place.
  -- The same number and street wherever the locality is spelled (or missing): blocks of a
  -- common street ("1 rue de la gare") exceed the cap and are dropped, rare ones stay.
  select distinct s.store_id, s.source, 'street|' || s.address_number || '|' || left(st.t, 4)
  from stores s, {{ sm_unnest_tokens('s.street_tokens', 'st', 't', min_length=4) }}
  where s.address_number is not null
  union all
  -- The same street in the same postcode, with or without a number.
  select store_id, source, 'pcst|' || postcode_norm || '|' || {{ sm_join_tokens('street_tokens') }}
  from stores where postcode_norm is not null and {{ sm_list_len('street_tokens') }} > 0
  union all
  -- The same map cell of about 100 m, on two grids offset by half a cell, so that two points
  -- a few metres apart share a cell of at least one grid wherever the cell borders fall.
  select store_id, source, 'loc|' || floor(lat * 1000)::bigint || ':' || floor(lon * 1000)::bigint
  from stores where lat is not null and lon is not null
  union all
  select store_id, source, 'locr|' || round(lat * 1000)::bigint || ':' || round(lon * 1000)::bigint
  from stores where lat is not null and lon is not null
)

-- No final DISTINCT: each branch is distinct on its own and the branches' prefixes differ
-- (a second pass over every key cost a quarter of this model; the uniqueness test guards it).
select store_id, source, block_key, {{ sm_run_stamp() }} as computed_at from keys

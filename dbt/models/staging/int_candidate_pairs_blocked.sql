{#-
  Candidate pairs: GI and TH stores sharing at least one block key. Keys that would
  produce more than var('block_max_pairs') pairs are dropped (a city-wide "carrefour"),
  which keeps the pair count close to linear in the number of stores; the other keys
  of the same stores still bring them together. The place keys, which ignore the name
  (number + street anywhere, street + postcode, a ~100 m map cell: int_store_block_keys),
  get a much smaller cap, var('block_max_pairs_place'): a larger block is a common street
  name in many towns ("12 avenue de la gare"), a mall or a coordinate shared by many
  stores (a city centroid), not one place. Pairs a steward forced to match are always
  candidates.
  This run's pairs only: a full build writes every pair, a targeted run the pairs that touch a
  store in int_reprocess_scope, and the table is replaced each time. Nothing reads a pair here
  after the run that wrote it (int_pairs_compared compares them, int_pairs_scored keeps every
  pair), so a targeted run need not search the last full build's 25M pairs (at 1M stores per
  side) for the scope's old ones.
-#}
{{ config(materialized='table') }}
{%- set targeted = sm_is_targeted_run() %}
{%- set place_key = "block_kind in ('street', 'pcst', 'loc', 'locr')" %}
-- depends_on: {{ ref('int_reprocess_scope') }}
with
{%- if targeted %}
-- Targeted: the block-keys table is read twice, each time through a filter DuckDB pushes into
-- the scan (never through a CTE over the whole table, which DuckDB would copy in full): the
-- scope's keys (the rows int_store_block_keys just wrote), then every row of the blocks those
-- keys name.
scope_keys as (
  select k.* from {{ ref('int_store_block_keys') }} k
  join {{ ref('int_reprocess_scope') }} s on s.source = k.source and s.store_id = k.store_id
  where {{ sm_written_by_this_run(ref('int_store_block_keys'), 'k.') }}
),

keys as (
  select * from {{ ref('int_store_block_keys') }}
  where block_key in (select block_key from scope_keys)
),
{%- else %}
keys as (
  select * from {{ ref('int_store_block_keys') }}
),
{%- endif %}

block_sizes as (
  select block_key, block_kind,
    {{ sm_count_if("source = 'gi'") }} as n_gi,
    {{ sm_count_if("source = 'th'") }} as n_th
  from keys
  group by block_key, block_kind
),

usable as (
  select block_key from block_sizes
  where n_gi > 0 and n_th > 0
    and n_gi * n_th <= case when {{ place_key }} then {{ var('block_max_pairs_place') }} else {{ var('block_max_pairs') }} end
),

blocked as (
  {%- if targeted %}
  -- Each scope store against every store sharing a usable key (a pair inside the scope is
  -- seen from both sides, hence the distinct count).
  select
    case when s.source = 'gi' then s.store_id else o.store_id end as gi_id,
    case when s.source = 'th' then s.store_id else o.store_id end as th_id,
    count(distinct s.block_key) as shared_keys
  from scope_keys s
  join usable u on u.block_key = s.block_key
  join keys o on o.block_key = s.block_key and o.source <> s.source
  group by 1, 2
  {%- else %}
  select g.store_id as gi_id, t.store_id as th_id, count(*) as shared_keys
  from keys g
  join usable u on u.block_key = g.block_key
  join keys t on t.block_key = g.block_key and t.source = 'th'
  where g.source = 'gi'
  group by 1, 2
  {%- endif %}
),

forced as (
  select d.gi_id, d.th_id, 0 as shared_keys
  from {{ source('control', 'pair_decisions') }} d
  where d.decision = 'MATCH'
    and d.gi_id in (select store_id from {{ ref('stg_gi__stores') }})
    and d.th_id in (select store_id from {{ ref('stg_th__stores') }})
    {%- if targeted %}
    and {{ sm_pair_touches(ref('int_reprocess_scope'), 'd.gi_id', 'd.th_id') }}
    {%- endif %}
)

select gi_id, th_id, max(shared_keys) as shared_keys
from (select * from blocked union all select * from forced)
group by 1, 2

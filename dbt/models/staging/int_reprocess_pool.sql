{#-
  The stores whose assignment a targeted run redoes: the scope, every store that now pairs
  with it, their current partners (freed when a pair is redone), and unmatched stores with a
  passing pair to any of those (they may now find a free partner). Everything else keeps
  its match. Empty in a full run. The current assignment is read from the built table
  (not ref(): this model runs before it is rebuilt).
-#}
{{ config(materialized='table') }}
-- depends_on: {{ ref('int_reprocess_scope') }}
-- depends_on: {{ ref('int_pairs_scored') }}
{%- set old_assign = adapter.get_relation(database=this.database, schema=this.schema, identifier='int_matches_assigned') -%}
{%- if var('run_mode') == 'targeted' and old_assign %}
with scope as (
  select source, store_id from {{ ref('int_reprocess_scope') }}
),

pairs as (
  select gi_id, th_id, is_eligible from {{ ref('int_pairs_scored') }}
),

touching as (
  select p.* from pairs p
  where {{ sm_in_scope('p.gi_id', 'gi', 'scope') }} or {{ sm_in_scope('p.th_id', 'th', 'scope') }}
),

p0 as (
  select source, store_id from scope
  union select 'gi', gi_id from touching
  union select 'th', th_id from touching
),

p1 as (
  select source, store_id from p0
  union select 'th', a.th_id from {{ old_assign }} a join p0 on p0.source = 'gi' and p0.store_id = a.gi_id
  union select 'gi', a.gi_id from {{ old_assign }} a join p0 on p0.source = 'th' and p0.store_id = a.th_id
),

adjacent_unmatched as (
  select 'th' as source, p.th_id as store_id from pairs p
  join p1 on p1.source = 'gi' and p1.store_id = p.gi_id
  where p.is_eligible and p.th_id not in (select th_id from {{ old_assign }})
  union
  select 'gi', p.gi_id from pairs p
  join p1 on p1.source = 'th' and p1.store_id = p.th_id
  where p.is_eligible and p.gi_id not in (select gi_id from {{ old_assign }})
)

select source, store_id from p1
union
select source, store_id from adjacent_unmatched
{%- else %}
select null::varchar as source, null::varchar as store_id where false
{%- endif %}

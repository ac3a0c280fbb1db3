{#-
  The stores whose results a targeted run recomputes.
    assign = true   the assignment is redone for them: the scope, every store with a passing
                    pair to it, their current partners (freed when a pair is redone), and
                    unmatched stores with a passing pair to any of those (they may now find a
                    free partner). Everyone else keeps their match.
    assign = false  only their diagnostics are redone: stores with any pair to the scope (the
                    scores of those pairs changed).
    may_be_unmatched  whether the store can be unmatched after this run: every assign store; a
                    diagnose-only store keeps its match (its partner, if any, is outside the
                    assign pool, or it would be in it), so only those unmatched before. Lets
                    diag_pool_candidate_pairs run without waiting for the new gold.
  Empty in a full run. The current assignment is read from the built table (not ref(): this
  model runs before it is rebuilt).
-#}
{{ config(materialized='table') }}
-- depends_on: {{ ref('int_reprocess_scope') }}
-- depends_on: {{ ref('int_pairs_scored') }}
{%- set old_assign = adapter.get_relation(database=this.database, schema=this.schema, identifier='int_matches_assigned') -%}
{%- if sm_run_var('run_mode') == 'targeted' and old_assign %}
with scope as (
  select source, store_id from {{ ref('int_reprocess_scope') }}
),

touching as (
  -- The rows int_pairs_scored just wrote (see sm_run_stamp).
  select p.gi_id, p.th_id, p.is_eligible from {{ ref('int_pairs_scored') }} p
  where {{ sm_written_by_this_run(ref('int_pairs_scored'), 'p.') }} and {{ sm_pair_touches('scope', 'p.gi_id', 'p.th_id') }}
),

eligible as (
  select gi_id, th_id from {{ ref('int_pairs_scored') }} where is_eligible
),

p0 as (
  select source, store_id from scope
  union select 'gi', gi_id from touching where is_eligible
  union select 'th', th_id from touching where is_eligible
),

p1 as (
  select source, store_id from p0
  union select 'th', a.th_id from {{ old_assign }} a join p0 on p0.source = 'gi' and p0.store_id = a.gi_id
  union select 'gi', a.gi_id from {{ old_assign }} a join p0 on p0.source = 'th' and p0.store_id = a.th_id
),

adjacent_unmatched as (
  select 'th' as source, e.th_id as store_id from eligible e
  join p1 on p1.source = 'gi' and p1.store_id = e.gi_id
  where e.th_id not in (select th_id from {{ old_assign }})
  union
  select 'gi', e.gi_id from eligible e
  join p1 on p1.source = 'th' and p1.store_id = e.th_id
  where e.gi_id not in (select gi_id from {{ old_assign }})
),

assign as (
  select source, store_id from p1
  union
  select source, store_id from adjacent_unmatched
),

diagnose as (
  select 'gi' as source, gi_id as store_id from touching
  union
  select 'th', th_id from touching
)

select source, store_id, true as assign, true as may_be_unmatched from assign
union all
select d.source, d.store_id, false,
  case d.source
    when 'gi' then d.store_id not in (select gi_id from {{ old_assign }})
    else d.store_id not in (select th_id from {{ old_assign }})
  end
from diagnose d
where not exists (select 1 from assign a where a.source = d.source and a.store_id = d.store_id)
{%- else %}
select null::varchar as source, null::varchar as store_id, null::boolean as assign, null::boolean as may_be_unmatched where false
{%- endif %}

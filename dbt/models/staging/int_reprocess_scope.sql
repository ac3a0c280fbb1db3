{#-
  The stores a targeted run recomputes: the stores of the run's approved triggers
  (control.reprocess_triggers) and every store that was their candidate in the last build
  (so a fix that changes a candidate's normalization is picked up too). Empty in a full run.
  The previous pairs are read from the built table itself, not through ref(), which would be
  a cycle: this model runs before the pairs are rebuilt.
-#}
{{ config(materialized='table') }}
{%- set old_pairs = adapter.get_relation(database=this.database, schema=this.schema, identifier='int_pairs_scored') -%}
{%- if var('run_mode') == 'targeted' %}
with scoped as (
with triggered as (
  select distinct source, store_id
  from control.reprocess_triggers
  where run_id = '{{ var("run_id") }}' and status = 'APPROVED'
)
select source, store_id, true as triggered from triggered
{%- if old_pairs %}
union all
select 'th', p.th_id, false from {{ old_pairs }} p join triggered t on t.source = 'gi' and t.store_id = p.gi_id
union all
select 'gi', p.gi_id, false from {{ old_pairs }} p join triggered t on t.source = 'th' and t.store_id = p.th_id
{%- endif %}
)
select source, store_id, bool_or(triggered) as triggered from scoped group by 1, 2
{%- else %}
select null::varchar as source, null::varchar as store_id, null::boolean as triggered where false
{%- endif %}

{#-
  The token similarities of each distinct pair of values that candidate pairs bring together:
  names, streets and cities. A chain's name, a common street or a city meets the same value on
  the other side in thousands of candidate pairs; comparing each pair of values once and
  looking the result up (int_pairs_compared, through sm_compare_pairs) is what keeps a 1M-store
  build fast. The similarities are pure functions of the two values (and of
  var('token_similarity')), so a row stays true until the next full build, which empties the
  table first (sm_incremental_delete).

  Pairs of equal values are not stored (their similarity is 100 and needs no lookup), nor
  values of a side without the field. int_pairs_compared computes anything not found here
  itself, with the same macros: this table is a cache, never a source of truth.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ sm_incremental_delete('false') }}"
) }}
{%- set targeted = sm_is_targeted() %}
{%- if target.type != 'duckdb' %}
select cast(null as varchar) as field, cast(null as varchar) as gi_value, cast(null as varchar) as th_value,
  cast(null as double) as dice, cast(null as boolean) as name_contains, cast(null as boolean) as name_close_abbreviated,
  {{ sm_run_stamp() }} as computed_at
where false
{%- else %}
with pairs as (
  select p.gi_id, p.th_id
  from {{ ref('int_candidate_pairs_blocked') }} p
  {%- if targeted %}
  where false
  {%- endif %}
),

keyed as (
  select
    g.name_norm as g_name, t.name_norm as t_name,
    {{ sm_street_key('g') }} as g_street, {{ sm_street_key('t') }} as t_street,
    g.city_norm as g_city, t.city_norm as t_city
  from pairs p
  join {{ ref('stg_gi__stores') }} g on g.store_id = p.gi_id
  join {{ ref('stg_th__stores') }} t on t.store_id = p.th_id
),

value_pairs as (
  select distinct 'name' as field, g_name as gi_value, t_name as th_value from keyed where g_name <> t_name
  union all
  select distinct 'street' as field, g_street as gi_value, t_street as th_value from keyed where g_street <> t_street
  union all
  select distinct 'city' as field, g_city as gi_value, t_city as th_value from keyed where g_city <> t_city
),

tokens as (
  select v.*, {{ sm_split_tokens('v.gi_value') }} as g_tokens, {{ sm_split_tokens('v.th_value') }} as t_tokens
  from value_pairs v
),

scored as (
  select x.*, {{ sm_soft_dice('x.g_tokens', 'x.t_tokens') }} as dice
  from tokens x
)

select
  s.field,
  s.gi_value,
  s.th_value,
  s.dice,
  case when s.field = 'name' then {{ sm_name_contains('s.g_tokens', 's.t_tokens') }} end as name_contains,
  case when s.field = 'name' and s.dice >= 40 and s.dice < 85 then {{ sm_name_close_abbreviated('s.g_tokens', 's.t_tokens', 's.dice') }} end as name_close_abbreviated,
  {{ sm_run_stamp() }} as computed_at
from scored s
{%- endif %}

{#-
  u of every comparison level: how often two stores that are NOT the same store fall into it,
  estimated on random pairs (var('u_sample_stores') stores of each list, every pair between
  them; chosen by a hash of the id, so a build is repeatable). Smoothed by half a pair, so an
  agreement never seen among random pairs is rare, not impossible.
  Learned on every full build; kept by targeted runs (see sm_keeps_model).
-#}
{%- set k = var('u_sample_stores') | int %}
{%- if sm_keeps_model() %}
select * from {{ this }} where false
{%- else %}
{%- set pairs -%}
(
  select g.store_id as gi_id, t.store_id as th_id
  from (select store_id from {{ ref('stg_gi__stores') }} order by hash(store_id), store_id limit {{ k }}) g
  cross join (select store_id from {{ ref('stg_th__stores') }} order by hash(store_id), store_id limit {{ k }}) t
)
{%- endset %}
with compared as (
{{ sm_compare_pairs(pairs, with_tf=false) }}
),

long as (
  {%- for c in sm_comparisons() %}
  select '{{ c.name }}' as comparison, {{ c.name }}_level as level from compared where {{ c.name }}_level >= 0
  {%- if not loop.last %} union all{% endif %}
  {%- endfor %}
),

levels as (
  {%- for c in sm_comparisons() %}
  {%- set outer = loop %}
  {%- for label in c.levels %}
  select '{{ c.name }}' as comparison, {{ loop.index0 }} as level, '{{ label }}' as level_label, {{ c.levels | length }} as level_count
  {%- if not (outer.last and loop.last) %} union all{% endif %}
  {%- endfor %}
  {%- endfor %}
),

counts as (
  select comparison, level, count(*) as n from long group by 1, 2
),

totals as (
  select comparison, count(*) as total from long group by 1
)

select
  l.comparison,
  l.level,
  l.level_label,
  coalesce(c.n, 0) as random_pairs_in_level,
  coalesce(t.total, 0) as random_pairs_compared,
  (coalesce(c.n, 0) + 0.5) / (coalesce(t.total, 0) + 0.5 * l.level_count) as u
from levels l
left join counts c on c.comparison = l.comparison and c.level = l.level
left join totals t on t.comparison = l.comparison
{%- endif %}

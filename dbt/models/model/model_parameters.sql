{#-
  The matching model (Fellegi–Sunter), learned from the data on every full build, the way
  Splink trains it:
    u      per comparison level: how often two random stores fall into it (model_u_probabilities)
    m      per comparison level: how often a store and its twin fall into it, by
           expectation-maximisation (EM) over the candidate pairs, in training sessions that
           each look at a subset of pairs where some comparisons already agree, and learn the
           m of the *other* comparisons (a session's own condition would bias them):
             name_and_place  the same name and postcode or locality: m of address, phone, distance
                             (its non-matches are a chain's stores in one town: what tells them
                             apart is what tells a twin from a neighbour)
             locating        the same address or phone: m of name, postcode, city, distance
             name_exact      the same name: stands in for a comparison the two above cannot learn
                             (a list without postcode or locality)
           An m learned by two sessions is their mean. A comparison no session learns (a missing
           column) keeps the m EM started from.
    prior  the probability that two random stores are the same store: the expected number of
           matches among the candidate pairs (the sum of their match probabilities, iterated
           to a fixed point) over the number of GI × TH pairs. Candidate pairs that are not
           compared carry no probability.
  EM runs on the counts of each agreement pattern (one row per combination of levels), not on
  the pairs (the fastLink approach): a few thousand rows whatever the number of stores. Null
  levels carry no evidence. Stewards' pair decisions are labels: once there are
  var('min_labels') of them, a labelled pair counts as a match (MATCH) or a non-match
  (NO_MATCH) in every session instead of its posterior.
  One row per comparison level, plus a '_prior' row; match_weight = log2(m / u) in bits.
  Published with every version. A targeted run (or a full build with reuse_parameters) keeps
  the table of the build it extends (see sm_keeps_model).
-#}
{%- set iterations = var('em_iterations') | int %}
{%- set tolerance = var('em_tolerance') %}
-- depends_on: {{ ref('int_pairs_compared') }}
-- depends_on: {{ ref('model_u_probabilities') }}
{%- if sm_keeps_model() %}
select * from {{ this }} where false
{%- else %}
with decisions as (
  select gi_id, th_id, case decision when 'MATCH' then 1.0 when 'NO_MATCH' then 0.0 end as label
  from {{ source('control', 'pair_decisions') }}
  where decision in ('MATCH', 'NO_MATCH')
),

use_labels as (
  select count(*) >= {{ var('min_labels') }} as on_, count(*) as labels from decisions
),

patterns as {{ sm_materialized() }} (
  select
    row_number() over (order by {% for c in sm_comparisons() %}{{ c.name }}_level, {% endfor %}label) as pid,
    *
  from (
    select
      {%- for c in sm_comparisons() %}
      p.{{ c.name }}_level,
      {%- endfor %}
      case when (select on_ from use_labels) then d.label end as label,
      count(*) as n
    from {{ ref('int_pairs_compared') }} p
    left join decisions d on d.gi_id = p.gi_id and d.th_id = p.th_id
    group by all
  ) g
),

long as {{ sm_materialized() }} (
  {%- for c in sm_comparisons() %}
  select pid, n, label, '{{ c.name }}' as comparison, {{ c.name }}_level as level from patterns where {{ c.name }}_level >= 0
  {%- if not loop.last %} union all{% endif %}
  {%- endfor %}
),

u as (
  select comparison, level, level_label, u, random_pairs_in_level, random_pairs_compared from {{ ref('model_u_probabilities') }}
),

-- The training sessions: which patterns each looks at, and which comparisons it learns
-- (never those of its own condition). `rank`: a comparison's m comes from the sessions of the
-- lowest rank that learn it (name_exact only stands in when name_and_place has no pairs).
session_long as {{ sm_materialized() }} (
  select 'name_and_place' as session, 1 as rank, l.* from long l
  join patterns p on p.pid = l.pid
  where p.name_level = {{ (sm_comparisons() | selectattr('name', 'equalto', 'name') | first).levels | length - 1 }} and (p.postcode_level = {{ (sm_comparisons() | selectattr('name', 'equalto', 'postcode') | first).levels | length - 1 }} or p.city_level = {{ (sm_comparisons() | selectattr('name', 'equalto', 'city') | first).levels | length - 1 }})
    and l.comparison not in ('name', 'postcode', 'city')
  union all
  select 'locating', 1, l.* from long l
  join patterns p on p.pid = l.pid
  where (p.address_level = {{ (sm_comparisons() | selectattr('name', 'equalto', 'address') | first).levels | length - 1 }} or p.phone_level = {{ (sm_comparisons() | selectattr('name', 'equalto', 'phone') | first).levels | length - 1 }})
    and l.comparison not in ('address', 'phone')
  union all
  select 'name_exact', 2, l.* from long l
  join patterns p on p.pid = l.pid
  where p.name_level = {{ (sm_comparisons() | selectattr('name', 'equalto', 'name') | first).levels | length - 1 }}
    and l.comparison <> 'name'
),

-- Start: m rises steeply with the level (agreement is likelier among matches); each session's
-- own prior starts at one half (its pairs already agree on something).
params_0 as {{ sm_materialized() }} (
  select s.session, u.comparison, u.level,
    power(u.level + 1.0, 3) / sum(power(u.level + 1.0, 3)) over (partition by s.session, u.comparison) as m,
    u.u as u_em
  from u cross join (select distinct session from session_long) s
  union all
  select distinct session, '_prior', 0, 0.5, 0.5 from session_long
),
{% for k in range(1, iterations + 1) %}
-- EM iteration {{ k }}: E step (each pattern's match probability in each session), then M step (m and the session's prior).
post_{{ k }} as {{ sm_materialized() }} (
  select s.session, s.pid, s.n, s.label,
    coalesce(s.label, 1.0 / (1.0 + exp(ln(1 - pr.m) - ln(pr.m) + s.log_u - s.log_m))) as w
  from (
    select l.session, l.pid, any_value(l.n) as n, any_value(l.label) as label,
      sum(ln(greatest(pm.m, 1e-12))) as log_m, sum(ln(greatest(pm.u_em, 1e-12))) as log_u
    from session_long l
    join params_{{ k - 1 }} pm on pm.session = l.session and pm.comparison = l.comparison and pm.level = l.level
    group by l.session, l.pid
  ) s
  join params_{{ k - 1 }} pr on pr.session = s.session and pr.comparison = '_prior'
),

params_{{ k }} as {{ sm_materialized() }} (
  -- m and u of the session's two classes (u too: the session's non-matches agree on its
  -- condition, unlike random pairs; only m is kept). Smoothed towards the random pairs' u:
  -- var('m_smoothing') of a class's mass is spread over the levels as non-matches spread, so a
  -- level EM never saw among matches weighs at least log2(s / (1 + s)) bits (about -6.6 at
  -- 0.01) instead of minus infinity.
  select pm.session, pm.comparison, pm.level,
    (coalesce(s.mass, 0) + {{ var('m_smoothing') }} * sum(coalesce(s.mass, 0)) over (partition by pm.session, pm.comparison) * u.u)
      / nullif((1 + {{ var('m_smoothing') }}) * sum(coalesce(s.mass, 0)) over (partition by pm.session, pm.comparison), 0) as m,
    (coalesce(s.non_mass, 0) + {{ var('m_smoothing') }} * sum(coalesce(s.non_mass, 0)) over (partition by pm.session, pm.comparison) * u.u)
      / nullif((1 + {{ var('m_smoothing') }}) * sum(coalesce(s.non_mass, 0)) over (partition by pm.session, pm.comparison), 0) as u_em
  from params_{{ k - 1 }} pm
  left join (
    select l.session, l.comparison, l.level, sum(l.n * p.w) as mass, sum(l.n * (1 - p.w)) as non_mass
    from session_long l join post_{{ k }} p on p.session = l.session and p.pid = l.pid
    group by 1, 2, 3
  ) s on s.session = pm.session and s.comparison = pm.comparison and s.level = pm.level
  join u on u.comparison = pm.comparison and u.level = pm.level
  where pm.comparison <> '_prior'
  union all
  select session, '_prior', 0, least(greatest(sum(n * w) / sum(n), 1e-6), 1 - 1e-6), null from post_{{ k }} group by session
),

change_{{ k }} as (
  select {{ k }} as iteration, max(abs(coalesce(a.m, 0) - coalesce(b.m, 0))) as max_change
  from params_{{ k }} a join params_{{ k - 1 }} b on a.session = b.session and a.comparison = b.comparison and a.level = b.level
),
{% endfor %}
changes as (
  {%- for k in range(1, iterations + 1) %}
  select * from change_{{ k }}{% if not loop.last %} union all{% endif %}
  {%- endfor %}
),

convergence as (
  select
    coalesce({{ sm_agg_if('min', 'iteration', 'max_change < ' ~ tolerance) }}, {{ iterations }}) as em_iterations,
    coalesce({{ sm_bool_or('max_change < ' ~ tolerance) }}, false) as em_converged,
    {{ sm_agg_if('min', 'max_change', 'iteration = ' ~ iterations) }} as em_final_change
  from changes
),

-- m of each comparison level: the mean over the sessions of the lowest rank that learn it;
-- the start value where none does.
session_ranks as (
  select comparison, min(rank) as rank from session_long group by 1
),

learned as (
  select p.comparison, p.level, avg(p.m) as m, count(*) as sessions
  from params_{{ iterations }} p
  join (select distinct session, rank, comparison from session_long) s on s.session = p.session and s.comparison = p.comparison
  join session_ranks r on r.comparison = s.comparison and r.rank = s.rank
  where p.comparison <> '_prior' and p.m is not null
  group by 1, 2
),

final as (
  select u.comparison, u.level,
    greatest(coalesce(l.m, power(u.level + 1.0, 3) / sum(power(u.level + 1.0, 3)) over (partition by u.comparison)), 1e-12) as m,
    coalesce(l.sessions, 0) as em_sessions
  from u
  left join learned l on l.comparison = u.comparison and l.level = u.level
),

-- The prior: expected matches among the candidate pairs over all GI × TH pairs, to a fixed point.
pattern_weights as {{ sm_materialized() }} (
  select l.pid, any_value(l.n) as n, any_value(l.label) as label, sum({{ sm_log2('f.m / u.u') }}) as weight
  from long l
  join final f on f.comparison = l.comparison and f.level = l.level
  join u on u.comparison = l.comparison and u.level = l.level
  group by l.pid
),

all_pairs as (
  select greatest((select count(*) from {{ ref('stg_gi__stores') }}) * (select count(*) from {{ ref('stg_th__stores') }}), 1) * 1.0 as n
),

prior_0 as (
  select least((select count(*) from {{ ref('stg_gi__stores') }}), (select count(*) from {{ ref('stg_th__stores') }})) / (select n from all_pairs) as lam
),
{%- for k in range(1, 11) %}
prior_{{ k }} as {{ sm_materialized() }} (
  select least(greatest(
    sum(p.n * coalesce(p.label, 1.0 / (1.0 + (1 - l.lam) / l.lam * power(2.0, -p.weight)))) / (select n from all_pairs),
    1e-12), 0.5) as lam
  from pattern_weights p cross join prior_{{ k - 1 }} l
),
{%- endfor %}

prior as (
  select lam as prior from prior_10
),

stats as (
  select (select sum(n) from patterns) as candidate_pairs, (select count(*) from patterns) as patterns,
    (select labels from use_labels) as labels, (select on_ from use_labels) as labels_used
)

select
  f.comparison,
  f.level,
  u.level_label,
  f.m,
  u.u,
  f.m / u.u as bayes_factor,
  {{ sm_log2('f.m / u.u') }} as match_weight,
  f.level = max(f.level) over (partition by f.comparison) as is_top_level,
  f.em_sessions,
  u.random_pairs_in_level,
  u.random_pairs_compared,
  c.em_iterations, c.em_converged, c.em_final_change,
  s.candidate_pairs, s.patterns, s.labels, s.labels_used,
  {{ sm_run_stamp() }} as learned_at
from final f
join u on u.comparison = f.comparison and u.level = f.level
cross join convergence c
cross join stats s
union all
select
  '_prior', 0, 'prior', p.prior, 1 - p.prior, p.prior / (1 - p.prior), {{ sm_log2('p.prior / (1 - p.prior)') }}, true, null,
  null, null,
  c.em_iterations, c.em_converged, c.em_final_change,
  s.candidate_pairs, s.patterns, s.labels, s.labels_used,
  {{ sm_run_stamp() }}
from prior p cross join convergence c cross join stats s
{%- endif %}

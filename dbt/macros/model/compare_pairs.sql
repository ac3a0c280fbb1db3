{#-
  Compare pairs of stores: the similarities shown to people (0–100, null when a side lacks the
  field) and the comparison levels the model scores (macros/model/comparisons.sql).
  `pairs` is a relation or subquery with gi_id and th_id (and optionally more columns, listed in
  `carry`). Used for the blocked candidate pairs (int_pairs_compared) and for the random pairs
  that estimate u (model_u_probabilities), so both go through exactly the same comparisons.
-#}
{% macro sm_compare_pairs(pairs, carry=[], with_tf=true) -%}
{#-
  The token similarities (soft Dice over Jaro-Winkler, the costly part) depend only on the two
  values compared, and candidate pairs repeat values a lot: a chain's name, a city, a street
  shared by neighbours (at 184k stores, 7.1M pairs had 1.8M distinct name pairs, 0.76M street
  pairs and 1.7k city pairs). So each is computed once per distinct pair of values
  (name_pairs, street_pairs, city_pairs) and joined back by the values, an exact rewrite of
  computing it per pair.
-#}
with stores_gi as (
  select g.store_id, g.name_norm, g.brand, g.address_number, g.postcode_norm, g.city_norm, g.phone_norm, g.lat, g.lon,
    coalesce(g.name_norm, '') as name_key,
    coalesce({{ sm_join_tokens('g.street_tokens') }}, '') as street_key,
    coalesce({{ sm_join_tokens('g.city_tokens') }}, '') as city_key,
    {%- if with_tf %}
    tn.tf as name_tf, ta.tf as address_tf, tp.tf as phone_tf, tb.tf as brand_tf,
    {%- endif %}
    coalesce(tc.n, 1) >= {{ var('imprecise_coordinate_stores') }} as coord_imprecise
  from {{ ref('stg_gi__stores') }} g
  {%- if with_tf %}
  left join {{ ref('int_term_frequencies') }} tn on tn.field = 'name' and tn.value = g.name_norm
  left join {{ ref('int_term_frequencies') }} ta on ta.field = 'address' and ta.value = g.address_norm
  left join {{ ref('int_term_frequencies') }} tp on tp.field = 'phone' and tp.value = g.phone_norm
  left join {{ ref('int_term_frequencies') }} tb on tb.field = 'brand' and tb.value = g.brand
  {%- endif %}
  left join {{ ref('int_term_frequencies') }} tc on tc.field = 'coord_gi' and tc.value = cast(g.lat as varchar) || ',' || cast(g.lon as varchar)
),

stores_th as (
  select t.store_id, t.name_norm, t.brand, t.address_number, t.postcode_norm, t.city_norm, t.phone_norm, t.lat, t.lon,
    coalesce(t.name_norm, '') as name_key,
    coalesce({{ sm_join_tokens('t.street_tokens') }}, '') as street_key,
    coalesce({{ sm_join_tokens('t.city_tokens') }}, '') as city_key,
    coalesce(tc.n, 1) >= {{ var('imprecise_coordinate_stores') }} as coord_imprecise
  from {{ ref('stg_th__stores') }} t
  left join {{ ref('int_term_frequencies') }} tc on tc.field = 'coord_th' and tc.value = cast(t.lat as varchar) || ',' || cast(t.lon as varchar)
),

paired as (
  select
    p.gi_id,
    p.th_id,
    {%- for col in carry %}
    p.{{ col }},
    {%- endfor %}
    g.name_key as g_name_key, t.name_key as t_name_key,
    g.street_key as g_street_key, t.street_key as t_street_key,
    g.city_key as g_city_key, t.city_key as t_city_key,
    {{ sm_postcode_score('g.postcode_norm', 't.postcode_norm') }} as postcode_score,
    {{ sm_equal_score('g.phone_norm', 't.phone_norm') }} as phone_score,
    {{ sm_haversine_km('g.lat', 'g.lon', 't.lat', 't.lon') }} as distance_km,
    {%- if with_tf %}
    g.name_tf, g.address_tf, g.phone_tf, g.brand_tf,
    {%- endif %}
    g.address_number as g_address_number, t.address_number as t_address_number,
    g.postcode_norm as g_postcode_norm, t.postcode_norm as t_postcode_norm, g.city_norm as g_city_norm, t.city_norm as t_city_norm,
    g.phone_norm as g_phone_norm, t.phone_norm as t_phone_norm, g.coord_imprecise or t.coord_imprecise as coord_imprecise
  from {{ pairs }} p
  join stores_gi g on g.store_id = p.gi_id
  join stores_th t on t.store_id = p.th_id
),

{#- Each side's distinct values with their tokens (a value has one token list: it is their join). #}
{%- for field, tokens in [('name', 'name_tokens'), ('street', 'street_tokens'), ('city', 'city_tokens')] %}
{%- for side, rel in [('gi', 'stg_gi__stores'), ('th', 'stg_th__stores')] %}
{{ side }}_{{ field }}s as (
  select {{ field }}_key, any_value({{ tokens }}) as tokens{% if field == 'name' %}, any_value(name_norm) as name_norm, any_value(brand) as brand{% endif %}
  from (
    select {% if field == 'name' %}coalesce(name_norm, ''){% else %}coalesce({{ sm_join_tokens(tokens) }}, ''){% endif %} as {{ field }}_key, {{ tokens }}, name_norm, brand
    from {{ ref(rel) }}
  ) v
  group by {{ field }}_key
),
{%- endfor %}

{{ field }}_pairs as (
  {%- if field == 'name' %}
  select s.g_name_key, s.t_name_key, s.name_score,
    {{ sm_name_level('s.g_norm', 's.t_norm', 's.g_tokens', 's.t_tokens', 's.name_score', 's.g_brand', 's.t_brand') }} as name_level
  from (
    select d.g_name_key, d.t_name_key, {{ sm_soft_dice('g.tokens', 't.tokens') }} as name_score,
      g.tokens as g_tokens, t.tokens as t_tokens, g.name_norm as g_norm, t.name_norm as t_norm, g.brand as g_brand, t.brand as t_brand
  {%- else %}
    select d.g_{{ field }}_key, d.t_{{ field }}_key, {{ sm_soft_dice('g.tokens', 't.tokens') }} as {{ 'street_dice' if field == 'street' else 'city_score' }}
  {%- endif %}
    from (select distinct g_{{ field }}_key, t_{{ field }}_key from paired) d
    join gi_{{ field }}s g on g.{{ field }}_key = d.g_{{ field }}_key
    join th_{{ field }}s t on t.{{ field }}_key = d.t_{{ field }}_key
  {%- if field == 'name' %}
  ) s
  {%- endif %}
){% if not loop.last %},{% endif %}
{%- endfor %}

select
  c.gi_id,
  c.th_id,
  {%- for col in carry %}
  c.{{ col }},
  {%- endfor %}
  n.name_score,
  {{ sm_address_score_from_dice('c.g_address_number', 'c.t_address_number', 'st.street_dice') }} as address_score,
  c.postcode_score,
  ci.city_score,
  c.phone_score,
  {{ sm_distance_score('c.distance_km') }} as distance_score,
  c.distance_km,
  n.name_level,
  {{ sm_address_level('c.g_address_number', 'c.t_address_number', 'st.street_dice') }} as address_level,
  {{ sm_postcode_level('c.g_postcode_norm', 'c.t_postcode_norm') }} as postcode_level,
  {{ sm_city_level('c.g_city_norm', 'c.t_city_norm', 'ci.city_score') }} as city_level,
  {{ sm_phone_level('c.g_phone_norm', 'c.t_phone_norm') }} as phone_level,
  {{ sm_distance_level('c.distance_km', 'c.coord_imprecise') }} as distance_level,
  {%- if with_tf %}
  c.name_tf,
  c.address_tf,
  c.phone_tf,
  c.brand_tf,
  {%- endif %}
  st.street_dice
from paired c
join name_pairs n on n.g_name_key = c.g_name_key and n.t_name_key = c.t_name_key
join street_pairs st on st.g_street_key = c.g_street_key and st.t_street_key = c.t_street_key
join city_pairs ci on ci.g_city_key = c.g_city_key and ci.t_city_key = c.t_city_key
{%- endmacro %}

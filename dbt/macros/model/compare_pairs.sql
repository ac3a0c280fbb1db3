{#-
  Compare pairs of stores: the similarities shown to people (0–100, null when a side lacks the
  field) and the comparison levels the model scores (macros/model/comparisons.sql).
  `pairs` is a relation or subquery with gi_id and th_id (and optionally more columns, listed in
  `carry`). Used for the blocked candidate pairs (int_pairs_compared) and for the random pairs
  that estimate u (model_u_probabilities), so both go through exactly the same comparisons.
  `similarities`, when given, is int_value_similarities (full builds): the token
  similarities of pairs of names, streets and cities are looked up there, and computed here
  (with the same macros, from the key split back into its tokens) only for a pair of values
  it does not hold. The token lists then never travel through the joins, which is most of
  the saving.
-#}
{% macro sm_compare_pairs(pairs, carry=[], with_tf=true, similarities=none) -%}
{%- set memo = similarities is not none %}
{%- set store_columns = ['store_id', 'name_norm', 'brand', 'address_number', 'postcode_norm', 'city_norm', 'phone_norm', 'lat', 'lon'] %}
with
{%- for side, a in [('gi', 'g'), ('th', 't')] %}
{#- GI's side carries the term frequencies of the adjustment (a matched pair agrees on the value). #}
{%- set tf_side = with_tf and side == 'gi' %}
stores_{{ side }} as (
  select {% for c in store_columns %}{{ a }}.{{ c }}, {% endfor %}
    {%- if memo %}
    {{ sm_tokens_key(a ~ '.name_tokens') }} as name_key, {{ sm_tokens_key(a ~ '.street_tokens') }} as street_key, {{ sm_tokens_key(a ~ '.city_tokens') }} as city_key,
    {%- else %}
    {{ a }}.name_tokens, {{ a }}.street_tokens, {{ a }}.city_tokens,
    {%- endif %}
    {%- if tf_side %}
    tn.tf as name_tf, ta.tf as address_tf, tp.tf as phone_tf, tb.tf as brand_tf,
    {%- endif %}
    coalesce(tc.n, 1) >= {{ var('imprecise_coordinate_stores') }} as coord_imprecise,
    coalesce(tph.n, 1) >= {{ var('shared_phone_stores') }} as phone_shared
  from {{ ref('stg_' ~ side ~ '__stores') }} {{ a }}
  {%- if tf_side %}
  left join {{ ref('int_term_frequencies') }} tn on tn.field = 'name' and tn.value = {{ a }}.name_norm
  left join {{ ref('int_term_frequencies') }} ta on ta.field = 'address' and ta.value = {{ a }}.address_norm
  left join {{ ref('int_term_frequencies') }} tp on tp.field = 'phone' and tp.value = {{ a }}.phone_norm
  left join {{ ref('int_term_frequencies') }} tb on tb.field = 'brand' and tb.value = {{ a }}.brand
  {%- endif %}
  left join {{ ref('int_term_frequencies') }} tc on tc.field = 'coord_{{ side }}' and tc.value = cast({{ a }}.lat as varchar) || ',' || cast({{ a }}.lon as varchar)
  left join {{ ref('int_term_frequencies') }} tph on tph.field = 'phone_{{ side }}' and tph.value = {{ a }}.phone_norm
),
{%- endfor %}

similarities as (
  select
    p.gi_id,
    p.th_id,
    {%- for col in carry %}
    p.{{ col }},
    {%- endfor %}
    {%- if memo %}
    {#- Equal token lists: 100, without a lookup (a store without the field has a null key: null). #}
    case when g.name_key = t.name_key then 100.0 when vn.field is not null then vn.dice
      else {{ sm_soft_dice(sm_split_tokens('g.name_key'), sm_split_tokens('t.name_key')) }} end as name_score,
    case when g.street_key = t.street_key then 100.0 when vs.field is not null then vs.dice
      else {{ sm_soft_dice(sm_split_tokens('g.street_key'), sm_split_tokens('t.street_key')) }} end as street_dice,
    case when g.city_key = t.city_key then 100.0 when vc.field is not null then vc.dice
      else {{ sm_soft_dice(sm_split_tokens('g.city_key'), sm_split_tokens('t.city_key')) }} end as city_score,
    g.name_key as g_name_key, t.name_key as t_name_key,
    vn.field is not null as name_looked_up,
    vn.name_contains,
    vn.name_close_abbreviated,
    {%- else %}
    {{ sm_soft_dice('g.name_tokens', 't.name_tokens') }} as name_score,
    {{ sm_soft_dice('g.street_tokens', 't.street_tokens') }} as street_dice,
    {{ sm_soft_dice('g.city_tokens', 't.city_tokens') }} as city_score,
    g.name_tokens as g_name_tokens, t.name_tokens as t_name_tokens,
    {%- endif %}
    {{ sm_postcode_score('g.postcode_norm', 't.postcode_norm') }} as postcode_score,
    {{ sm_equal_score('g.phone_norm', 't.phone_norm') }} as phone_score,
    {{ sm_haversine_km('g.lat', 'g.lon', 't.lat', 't.lon') }} as distance_km,
    {%- if with_tf %}
    g.name_tf, g.address_tf, g.phone_tf, g.brand_tf,
    {%- endif %}
    g.name_norm as g_name_norm, t.name_norm as t_name_norm,
    g.brand as g_brand, t.brand as t_brand, g.address_number as g_address_number, t.address_number as t_address_number,
    g.postcode_norm as g_postcode_norm, t.postcode_norm as t_postcode_norm, g.city_norm as g_city_norm, t.city_norm as t_city_norm,
    g.phone_norm as g_phone_norm, t.phone_norm as t_phone_norm, g.coord_imprecise or t.coord_imprecise as coord_imprecise,
    g.phone_shared or t.phone_shared as phone_shared
  from {{ pairs }} p
  join stores_gi g on g.store_id = p.gi_id
  join stores_th t on t.store_id = p.th_id
  {%- if memo %}
  left join {{ similarities }} vn on vn.field = 'name' and vn.gi_value = g.name_key and vn.th_value = t.name_key
  left join {{ similarities }} vs on vs.field = 'street' and vs.gi_value = g.street_key and vs.th_value = t.street_key
  left join {{ similarities }} vc on vc.field = 'city' and vc.gi_value = g.city_key and vc.th_value = t.city_key
  {%- endif %}
)

select
  c.gi_id,
  c.th_id,
  {%- for col in carry %}
  c.{{ col }},
  {%- endfor %}
  c.name_score,
  {{ sm_address_score_from_dice('c.g_address_number', 'c.t_address_number', 'c.street_dice') }} as address_score,
  c.postcode_score,
  c.city_score,
  c.phone_score,
  {{ sm_distance_score('c.distance_km') }} as distance_score,
  c.distance_km,
  {{ sm_level_columns(looked_up=memo) }},
  {%- if with_tf %}
  c.name_tf,
  c.address_tf,
  c.phone_tf,
  c.brand_tf,
  {%- endif %}
  c.street_dice
from similarities c
{%- endmacro %}

{#- A key of sm_tokens_key split back into its tokens: the same list. DuckDB only. -#}
{% macro sm_split_tokens(key) -%}string_split({{ key }}, chr(31)){%- endmacro %}

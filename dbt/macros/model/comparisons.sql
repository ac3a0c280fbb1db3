{#-
  The Fellegi–Sunter comparisons: each field of a pair falls into one level of a short ordered
  list (null, else, …, exact). A level's evidence, log2(m/u), is learned from the data
  (models/model/model_parameters.sql); nothing here is a weight. Level -1 is "null" (a side
  lacks the field): it carries no evidence. Level 0 is "else". Higher is stronger agreement.

  sm_comparisons() is the one list of comparisons and their level labels: the parameters
  table, the EM, the explanations and the console all read it from here (through the
  parameters table).
-#}
{% macro sm_comparisons() -%}
  {{ return([
    {'name': 'name', 'levels': ['else', 'partial token overlap', 'same brand', 'close (fuzzy tokens)', 'token containment', 'exact']},
    {'name': 'address', 'levels': ['else', 'similar street', 'same street, other number', 'number and street']},
    {'name': 'postcode', 'levels': ['else', 'same département', 'exact']},
    {'name': 'city', 'levels': ['else', 'same locality']},
    {'name': 'phone', 'levels': ['else', 'same number']},
    {'name': 'distance', 'levels': ['> 5 km', '≤ 5 km', '≤ 1 km', '≤ 200 m', '≤ 50 m']},
  ]) }}
{%- endmacro %}

{#- The levels that get a term-frequency adjustment, and the column of the value's frequency:
    the top level of name, address and phone, and name's "same brand". -#}
{% macro sm_tf_levels() -%}
  {{ return({'name': [(5, 'name_tf'), (2, 'brand_tf')], 'address': [(3, 'address_tf')], 'phone': [(1, 'phone_tf')]}) }}
{%- endmacro %}

{#- Name: exact after normalization (spaces aside: "fran prix" is "franprix"), one side's tokens
    all inside the other's, fuzzy token overlap (soft Dice ≥ 85, or ≥ 85 once a short token may
    abbreviate a word of the other side: "deli" for "delicatessen", "crf" for "carrefour"; only
    tried from a partial overlap of 40, as it costs more), the same brand after alias
    resolution, partial overlap (≥ 50). -#}
{% macro sm_name_level(norm_a, norm_b, tokens_a, tokens_b, dice, brand_a, brand_b, contains=none, close_abbreviated=none) -%}
case
  when {{ norm_a }} is null or {{ norm_b }} is null then -1
  when {{ norm_a }} = {{ norm_b }} or replace({{ norm_a }}, ' ', '') = replace({{ norm_b }}, ' ', '') then 5
  when {{ contains if contains is not none else sm_name_contains(tokens_a, tokens_b) }} then 4
  when {{ dice }} >= 85 then 3
  when {{ dice }} >= 40 and {{ close_abbreviated if close_abbreviated is not none else sm_name_close_abbreviated(tokens_a, tokens_b, dice) }} then 3
  when {{ brand_a }} is not null and {{ brand_a }} = {{ brand_b }} then 2
  when {{ dice }} >= 50 then 1
  else 0
end
{%- endmacro %}

{#- Name, token containment: one side's tokens all inside the other's. -#}
{% macro sm_name_contains(tokens_a, tokens_b) -%}
({{ sm_list_has_all(tokens_a, tokens_b) }} or {{ sm_list_has_all(tokens_b, tokens_a) }})
{%- endmacro %}

{#- Name, close once short forms count as words (soft Dice with abbreviations ≥ 85); the costly
    pass runs only when its upper bound can reach 85 (sm_abbreviation_bound). `dice` is the
    plain soft Dice of the two lists. -#}
{% macro sm_name_close_abbreviated(tokens_a, tokens_b, dice) -%}
({{ sm_abbreviation_bound(tokens_a, tokens_b, dice) }} >= 85 and {{ sm_soft_dice(tokens_a, tokens_b, allow_abbreviations=true) }} >= 85)
{%- endmacro %}

{#- The street of a store as one string (its tokens joined; null without a street): the key of
    its street in int_value_similarities. `s` is the store's alias. -#}
{% macro sm_street_key(s) -%}{{ sm_join_tokens(s ~ '.street_tokens') }}{%- endmacro %}

{#- Address: the street's soft Dice (street_dice, 0–100) and the house numbers. -#}
{% macro sm_address_level(num_a, num_b, street_dice) -%}
case
  when {{ street_dice }} is null then -1
  when {{ street_dice }} >= 90 and {{ num_a }} = {{ num_b }} then 3
  when {{ street_dice }} >= 90 then 2
  when {{ street_dice }} >= 60 then 1
  else 0
end
{%- endmacro %}

{#- Postcode: exact, same département (first two characters), else. -#}
{% macro sm_postcode_level(a, b) -%}
case
  when {{ a }} is null or {{ b }} is null then -1
  when {{ a }} = {{ b }} then 2
  when left({{ a }}, 2) = left({{ b }}, 2) then 1
  else 0
end
{%- endmacro %}

{#- City: the same locality after normalization (arrondissements, CEDEX, Saint/St), or nearly the same spelling. -#}
{% macro sm_city_level(a, b, dice) -%}
case
  when {{ a }} is null or {{ b }} is null then -1
  when {{ a }} = {{ b }} or {{ dice }} >= 90 then 1
  else 0
end
{%- endmacro %}

{#- Phone: the same number after international normalization; null when a side has none, or
    when the number is carried by many stores of one list (`shared`: a head office or a call
    centre; var('shared_phone_stores')), which says nothing about the store. -#}
{% macro sm_phone_level(a, b, shared='false') -%}
case
  when {{ a }} is null or {{ b }} is null or {{ shared }} then -1
  when {{ a }} = {{ b }} then 1
  else 0
end
{%- endmacro %}

{#- Distance in km; null when a side has no coordinates or imprecise ones (shared by many
    stores of its list: a city or postcode centroid says nothing about the place). -#}
{% macro sm_distance_level(km, imprecise) -%}
case
  when {{ km }} is null or {{ imprecise }} then -1
  when {{ km }} <= 0.05 then 4
  when {{ km }} <= 0.2 then 3
  when {{ km }} <= 1.0 then 2
  when {{ km }} <= 5.0 then 1
  else 0
end
{%- endmacro %}

{#- Does list a hold every element of list b (b non-empty)? -#}
{% macro sm_list_has_all(a, b) -%}{{ adapter.dispatch('sm_list_has_all', 'storematch')(a, b) }}{%- endmacro %}
{% macro duckdb__sm_list_has_all(a, b) -%}(len({{ b }}) > 0 and list_has_all({{ a }}, {{ b }})){%- endmacro %}
{% macro snowflake__sm_list_has_all(a, b) -%}(array_size({{ b }}) > 0 and array_size({{ sm_sf_array('filter(' ~ sm_sf_list(b) ~ ', t varchar -> not array_contains(' ~ sm_sf_variant('t') ~ ', ' ~ sm_sf_list(a) ~ '))') }}) = 0){%- endmacro %}

{#-
  The level columns of a pair, from the similarities row c of sm_compare_pairs (each store's
  staging columns prefixed g_ / t_, and the similarities).
-#}
{% macro sm_level_columns(looked_up=false) -%}
  {%- if looked_up %}
  {#- The name's containment and short-form closeness come from int_value_similarities when the
      pair of names is there (name_looked_up: it holds both, the latter when it can matter),
      else they are computed from the names split back into tokens. #}
  {%- set ga, ta = sm_split_tokens('c.g_name_norm'), sm_split_tokens('c.t_name_norm') %}
  {{ sm_name_level('c.g_name_norm', 'c.t_name_norm', ga, ta, 'c.name_score', 'c.g_brand', 'c.t_brand',
       contains='case when c.name_looked_up then c.name_contains else ' ~ sm_name_contains(ga, ta) ~ ' end',
       close_abbreviated='case when c.name_looked_up then coalesce(c.name_close_abbreviated, false) else ' ~ sm_name_close_abbreviated(ga, ta, 'c.name_score') ~ ' end') }} as name_level,
  {%- else %}
  {{ sm_name_level('c.g_name_norm', 'c.t_name_norm', 'c.g_name_tokens', 'c.t_name_tokens', 'c.name_score', 'c.g_brand', 'c.t_brand') }} as name_level,
  {%- endif %}
  {{ sm_address_level('c.g_address_number', 'c.t_address_number', 'c.street_dice') }} as address_level,
  {{ sm_postcode_level('c.g_postcode_norm', 'c.t_postcode_norm') }} as postcode_level,
  {{ sm_city_level('c.g_city_norm', 'c.t_city_norm', 'c.city_score') }} as city_level,
  {{ sm_phone_level('c.g_phone_norm', 'c.t_phone_norm', 'c.phone_shared') }} as phone_level,
  {{ sm_distance_level('c.distance_km', 'c.coord_imprecise') }} as distance_level
{%- endmacro %}

{#-
  The parameters table pivoted to one row (columns <comparison>_w<level> for the match weight
  and <comparison>_u<level> for u), so that scoring millions of pairs cross-joins one row
  instead of joining a table per comparison.
-#}
{% macro sm_weights_row(params_relation) -%}
select
  {%- for c in sm_comparisons() %}
  {%- set outer_last = loop.last %}
  {%- for label in c.levels %}
  max(case when comparison = '{{ c.name }}' and level = {{ loop.index0 }} then match_weight end) as {{ c.name }}_w{{ loop.index0 }},
  max(case when comparison = '{{ c.name }}' and level = {{ loop.index0 }} then u end) as {{ c.name }}_u{{ loop.index0 }}{% if not (outer_last and loop.last) %},{% endif %}
  {%- endfor %}
  {%- endfor %},
  max(case when comparison = '_prior' then match_weight end) as prior_weight
from {{ params_relation }}
{%- endmacro %}

{#-
  Match weight (bits) of one comparison: the learned log2(m/u) of its level, plus, at a
  term-frequency level (sm_tf_levels), log2(u / tf): agreeing on a value shared by many stores
  counts for less than agreeing on a rare one. `w` is the sm_weights_row row; `tf` a list of
  (level, SQL expression of the value's frequency).
-#}
{% macro sm_comparison_weight(comparison, level_col, tf=[]) -%}
  {%- set c = sm_comparisons() | selectattr('name', 'equalto', comparison) | first -%}
(case {{ level_col }}
  {%- for label in c.levels %} when {{ loop.index0 }} then coalesce(w.{{ comparison }}_w{{ loop.index0 }}, 0.0){% endfor %}
  else 0.0 end
  {%- for level, col in tf %} + case when {{ level_col }} = {{ level }} and {{ col }} > 0 then coalesce({{ sm_log2('w.' ~ comparison ~ '_u' ~ level ~ ' / ' ~ col) }}, 0.0) else 0.0 end{% endfor %})
{%- endmacro %}

{#- Logistic: probability from a match weight in bits. -#}
{% macro sm_probability(weight) -%}(1.0 / (1.0 + power(2.0, -({{ weight }})))){%- endmacro %}

{#- Address score 0–100: house number (30%) and soft overlap of the street tokens (70%). -#}
{% macro sm_address_score(num_a, street_a, num_b, street_b, allow_abbreviations=false) -%}
case when {{ sm_list_len(street_a) }} > 0 and {{ sm_list_len(street_b) }} > 0 then
  0.3 * case when {{ num_a }} is null or {{ num_b }} is null then 50.0 when {{ num_a }} = {{ num_b }} then 100.0 else 0.0 end
  + 0.7 * {{ sm_soft_dice(street_a, street_b, allow_abbreviations) }}
end
{%- endmacro %}

{#- The same from an already computed street soft Dice (0–100, null when a side has no street). -#}
{% macro sm_address_score_from_dice(num_a, num_b, street_dice) -%}
case when {{ street_dice }} is not null then
  0.3 * case when {{ num_a }} is null or {{ num_b }} is null then 50.0 when {{ num_a }} = {{ num_b }} then 100.0 else 0.0 end
  + 0.7 * {{ street_dice }}
end
{%- endmacro %}

{#- Postcode score: equal 100, same department (first two digits) 40, else 0; null when missing. -#}
{% macro sm_postcode_score(a, b) -%}
case when {{ a }} is null or {{ b }} is null then null
     when {{ a }} = {{ b }} then 100.0
     when left({{ a }}, 2) = left({{ b }}, 2) then 40.0
     else 0.0 end
{%- endmacro %}

{#- Exact-or-nothing score for identifiers such as phone numbers. -#}
{% macro sm_equal_score(a, b) -%}
case when {{ a }} is null or {{ b }} is null then null when {{ a }} = {{ b }} then 100.0 else 0.0 end
{%- endmacro %}

{#- Distance score: 100 at 0 km, falling linearly to 0 at var('distance_max_km'). -#}
{% macro sm_distance_score(km) -%}
case when {{ km }} is null then null else greatest(0.0, 100.0 * (1 - {{ km }} / {{ var('distance_max_km') }})) end
{%- endmacro %}

{#-
  Total score 0–100: the weighted mean of the components present on both sides
  (weights from var('weights')). Every argument is a SQL expression; pass an override
  (e.g. name='100.0') to ask "what would the total be if this component were perfect".
-#}
{% macro sm_total_score(name='name_score', address='address_score', postcode='postcode_score', city='city_score', phone='phone_score', distance='distance_score') -%}
{%- set w = var('weights') -%}
{%- set parts = [('name', name), ('address', address), ('postcode', postcode), ('city', city), ('phone', phone), ('distance', distance)] -%}
(
  ({% for k, e in parts %}coalesce({{ w[k] }} * ({{ e }}), 0){% if not loop.last %} + {% endif %}{% endfor %})
  / nullif({% for k, e in parts %}case when ({{ e }}) is not null then {{ w[k] }} else 0 end{% if not loop.last %} + {% endif %}{% endfor %}, 0)
)
{%- endmacro %}

{#- Weight of the locating evidence present on both sides (address, postcode, phone, distance). -#}
{% macro sm_evidence_weight(address='address_score', postcode='postcode_score', phone='phone_score', distance='distance_score') -%}
{%- set w = var('weights') -%}
(case when ({{ address }}) is not null then {{ w['address'] }} else 0 end
 + case when ({{ postcode }}) is not null then {{ w['postcode'] }} else 0 end
 + case when ({{ phone }}) is not null then {{ w['phone'] }} else 0 end
 + case when ({{ distance }}) is not null then {{ w['distance'] }} else 0 end)
{%- endmacro %}

{#- The decision rule: can this pair match? -#}
{% macro sm_is_eligible(total='total_score', name='name_score', evidence='evidence_weight') -%}
(coalesce({{ total }}, 0) >= {{ var('match_threshold') }}
 and coalesce({{ name }}, 0) >= {{ var('name_threshold') }}
 and {{ evidence }} >= {{ var('min_evidence_weight') }})
{%- endmacro %}

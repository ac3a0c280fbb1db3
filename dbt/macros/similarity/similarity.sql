{#- Jaro-Winkler similarity in [0, 1]. -#}
{% macro sm_jaro_winkler(a, b) -%}{{ adapter.dispatch('sm_jaro_winkler', 'storematch')(a, b) }}{%- endmacro %}
{% macro duckdb__sm_jaro_winkler(a, b) -%}jaro_winkler_similarity({{ a }}, {{ b }}){%- endmacro %}
{% macro snowflake__sm_jaro_winkler(a, b) -%}(jarowinkler_similarity({{ a }}, {{ b }}) / 100.0){%- endmacro %}

{#- Is token a an abbreviation of token b: shorter, same first letter, its letters in order in b (bd → boulevard). -#}
{% macro sm_is_abbreviation(a, b) -%}{{ adapter.dispatch('sm_is_abbreviation', 'storematch')(a, b) }}{%- endmacro %}
{#- DuckDB: a LIKE pattern ("crf" → 'c%r%f%'), not a regular expression built per pair, which
    DuckDB compiles for every row. Tokens hold only [a-z0-9] (sm_normalize_tokens), so no escaping. -#}
{% macro duckdb__sm_is_abbreviation(a, b) -%}
(length({{ a }}) between 1 and 5 and length({{ a }}) < length({{ b }}) and left({{ a }}, 1) = left({{ b }}, 1)
 and {{ b }} like (array_to_string(string_split({{ a }}, ''), '%') || '%'))
{%- endmacro %}
{% macro snowflake__sm_is_abbreviation(a, b) -%}
(length({{ a }}) between 1 and 5 and length({{ a }}) < length({{ b }}) and left({{ a }}, 1) = left({{ b }}, 1)
 and regexp_like({{ b }}, regexp_replace({{ a }}, '(.)', '\\1.*')))
{%- endmacro %}

{#-
  An upper bound of the soft Dice of token lists a and b once abbreviations count
  (sm_soft_dice(..., allow_abbreviations=true)), from their plain soft Dice `dice`: a token
  gains at most 1 (its best match becomes 1), and only when it has no equal on the other side
  but a possible abbreviation partner there (same first letter, one of the two at most 5
  letters and shorter). The costly pass with abbreviations runs only when this bound reaches
  the level's threshold; it cannot change a level otherwise.
-#}
{% macro sm_abbreviation_bound(a, b, dice) -%}{{ adapter.dispatch('sm_abbreviation_bound', 'storematch')(a, b, dice) }}{%- endmacro %}
{% macro default__sm_abbreviation_bound(a, b, dice) -%}100.0{%- endmacro %}
{% macro duckdb__sm_abbreviation_bound(a, b, dice) -%}
{%- set gaining = "len(list_filter(%s, lambda x: not list_contains(%s, x) and list_bool_or(list_transform(%s, lambda y: left(y, 1) = left(x, 1) and ((length(x) <= 5 and length(x) < length(y)) or (length(y) <= 5 and length(y) < length(x)))))))" -%}
({{ dice }} + 100.0 * ({{ gaining % (a, b, b) }} + {{ gaining % (b, a, a) }}) / (len({{ a }}) + len({{ b }})))
{%- endmacro %}

{#-
  Soft token overlap in [0, 100]: each token's best Jaro-Winkler match on the other side,
  counted when at least var('token_similarity'), summed over both sides and divided by the
  token count of both (a fuzzy Dice coefficient). An extra token on one side lowers it:
  that is what legal-form noise does. With allow_abbreviations, a token that abbreviates
  a token on the other side counts as equal (used by diagnostics only).
  Null when either side has no tokens.
-#}
{% macro sm_soft_dice(a, b, allow_abbreviations=false) -%}
  {{ adapter.dispatch('sm_soft_dice', 'storematch')(a, b, allow_abbreviations) }}
{%- endmacro %}

{% macro duckdb__sm_soft_dice(a, b, allow_abbreviations) -%}
{%- set thr = var('token_similarity') -%}
case when len({{ a }}) = 0 or len({{ b }}) = 0 then null
  {#- Equal lists: every token's best match is itself (1), so 100; no similarity to compute. #}
  when {{ a }} = {{ b }} then 100.0
  else
  100.0 * (
    list_sum(list_transform({{ a }}, lambda x: coalesce(list_max(list_transform({{ b }}, lambda y:
      case when x = y {% if allow_abbreviations %}or {{ sm_is_abbreviation('x', 'y') }} or {{ sm_is_abbreviation('y', 'x') }}{% endif %} then 1.0
           when jaro_winkler_similarity(x, y) >= {{ thr }} then jaro_winkler_similarity(x, y) else 0.0 end)), 0.0)))
  + list_sum(list_transform({{ b }}, lambda x: coalesce(list_max(list_transform({{ a }}, lambda y:
      case when x = y {% if allow_abbreviations %}or {{ sm_is_abbreviation('x', 'y') }} or {{ sm_is_abbreviation('y', 'x') }}{% endif %} then 1.0
           when jaro_winkler_similarity(x, y) >= {{ thr }} then jaro_winkler_similarity(x, y) else 0.0 end)), 0.0)))
  ) / (len({{ a }}) + len({{ b }}))
end
{%- endmacro %}

{#- Snowflake: the same measure with its higher-order functions (TRANSFORM, ARRAY_MAX, REDUCE). -#}
{% macro snowflake__sm_soft_dice(a, b, allow_abbreviations) -%}
{%- set thr = var('token_similarity') -%}
{%- set sides = [] -%}
{%- for x_list, y_list in [(a, b), (b, a)] -%}
{%- set best -%}
transform({{ sm_sf_list(x_list) }}, x varchar -> coalesce(array_max(transform({{ sm_sf_list(y_list) }}, y varchar ->
      case when x = y {% if allow_abbreviations %}or {{ sm_is_abbreviation('x', 'y') }} or {{ sm_is_abbreviation('y', 'x') }}{% endif %} then 1.0
           when {{ sm_jaro_winkler('x', 'y') }} >= {{ thr }} then {{ sm_jaro_winkler('x', 'y') }} else 0.0 end))::float, 0.0))
{%- endset -%}
{%- do sides.append('reduce(' ~ best ~ ', 0.0, (acc, v) -> acc + v)') -%}
{%- endfor -%}
case when array_size({{ a }}) > 0 and array_size({{ b }}) > 0 then
  100.0 * ({{ sides[0] }}
  + {{ sides[1] }}) / (array_size({{ a }}) + array_size({{ b }}))
end
{%- endmacro %}

{#- Great-circle distance in km. -#}
{% macro sm_haversine_km(lat1, lon1, lat2, lon2) -%}{{ adapter.dispatch('sm_haversine_km', 'storematch')(lat1, lon1, lat2, lon2) }}{%- endmacro %}
{% macro default__sm_haversine_km(lat1, lon1, lat2, lon2) -%}
(2 * 6371.0 * asin(sqrt(
  power(sin(radians({{ lat2 }} - {{ lat1 }}) / 2), 2)
  + cos(radians({{ lat1 }})) * cos(radians({{ lat2 }})) * power(sin(radians({{ lon2 }} - {{ lon1 }}) / 2), 2))))
{%- endmacro %}
{% macro snowflake__sm_haversine_km(lat1, lon1, lat2, lon2) -%}haversine({{ lat1 }}, {{ lon1 }}, {{ lat2 }}, {{ lon2 }}){%- endmacro %}

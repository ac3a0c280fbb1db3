{#-
  Text → normalized tokens, the one normalization every field goes through:
  fold case and accents, split on spaces, collapse dotted acronyms (S.A.R.L. → sarl),
  split on punctuation, expand abbreviations, then drop stop words, legal forms and
  empty tokens. The rules are lists/columns of the one-row `rules` relation built
  from the seeds in seeds/normalization (see sm_rules_cte), so a fix is a seed row.
-#}
{% macro sm_normalize_tokens(expr, drop_legal_forms=true) -%}
  {{ adapter.dispatch('sm_normalize_tokens', 'storematch')(expr, drop_legal_forms) }}
{%- endmacro %}

{% macro duckdb__sm_normalize_tokens(expr, drop_legal_forms) -%}
list_filter(
  list_transform(
    flatten(list_transform(
      string_split_regex(trim(coalesce({{ sm_fold(expr) }}, '')), '\s+'),
      lambda t: string_split_regex(trim(regexp_replace(
        case when regexp_full_match(t, '([a-z]\.){2,}[a-z]?\.?') then replace(t, '.', '') else t end,
        '[^a-z0-9]+', ' ', 'g')), '\s+')
    )),
    lambda t: coalesce(rules.abbr_expansions[list_position(rules.abbr_keys, t)], t)
  ),
  lambda t: t <> ''
    and not list_contains(rules.stop_words, t)
    {%- if drop_legal_forms %} and not list_contains(rules.legal_forms, t){% endif %}
)
{%- endmacro %}

{#-
  Snowflake: the same steps with its higher-order functions. Splitting each whitespace token on
  punctuation and flattening (DuckDB) gives the same non-empty tokens as joining the tokens
  (dotted acronyms collapsed) and splitting the result once; empty tokens are dropped at the end.
-#}
{% macro snowflake__sm_normalize_tokens(expr, drop_legal_forms) -%}
{%- set words = "split(" ~ sm_regexp_replace_all("trim(coalesce(" ~ sm_fold(expr) ~ ", ''))", '\\s+', "' '") ~ ", ' ')" -%}
{%- set collapsed = "array_to_string(transform(" ~ sm_sf_list(words) ~ ", t varchar -> case when " ~ sm_regexp_full_match('t', '([a-z]\\.){2,}[a-z]?\\.?') ~ " then replace(t, '.', '') else t end), ' ')" -%}
{%- set tokens = "split(trim(" ~ sm_regexp_replace_all(collapsed, '[^a-z0-9]+', "' '") ~ "), ' ')" -%}
{{ sm_sf_array("filter(
  transform(" ~ sm_sf_list(tokens) ~ ",
    t varchar -> coalesce(" ~ sm_sf_get_text('rules.abbr_expansions', 'array_position(' ~ sm_sf_variant('t') ~ ', ' ~ sm_sf_list('rules.abbr_keys') ~ ')') ~ ", t)
  ),
  t varchar -> t <> ''
    and not array_contains(" ~ sm_sf_variant('t') ~ ", " ~ sm_sf_list('rules.stop_words') ~ ")" ~ (("
    and not array_contains(" ~ sm_sf_variant('t') ~ ", " ~ sm_sf_list('rules.legal_forms') ~ ")") if drop_legal_forms else "") ~ "
)") }}
{%- endmacro %}

{#- One-row relation `rules` holding the normalization seeds as lists. -#}
{% macro sm_rules_cte() -%}
rules as (
  select
    (select coalesce({{ sm_list_agg('legal_form') }}, {{ sm_empty_list() }}) from {{ ref('legal_forms') }} where legal_form is not null) as legal_forms,
    (select coalesce({{ sm_list_agg('stop_word') }}, {{ sm_empty_list() }}) from {{ ref('stop_words') }} where stop_word is not null) as stop_words,
    (select coalesce({{ sm_list_agg('abbreviation', 'abbreviation') }}, {{ sm_empty_list() }}) from {{ ref('abbreviations') }} where abbreviation is not null) as abbr_keys,
    (select coalesce({{ sm_list_agg('expansion', 'abbreviation') }}, {{ sm_empty_list() }}) from {{ ref('abbreviations') }} where abbreviation is not null) as abbr_expansions
)
{%- endmacro %}

{% macro sm_list_agg(col, order_by=none) -%}{{ adapter.dispatch('sm_list_agg', 'storematch')(col, order_by) }}{%- endmacro %}
{% macro duckdb__sm_list_agg(col, order_by) -%}list(lower(trim({{ col }})){% if order_by %} order by {{ order_by }}{% endif %}){%- endmacro %}
{% macro snowflake__sm_list_agg(col, order_by) -%}array_agg(lower(trim({{ col }}))){% if order_by %} within group (order by {{ order_by }}){% endif %}{%- endmacro %}

{% macro sm_empty_list() -%}{{ adapter.dispatch('sm_empty_list', 'storematch')() }}{%- endmacro %}
{% macro duckdb__sm_empty_list() -%}[]::varchar[]{%- endmacro %}
{% macro snowflake__sm_empty_list() -%}array_construct(){%- endmacro %}

{#- Tokens → one space-separated string. -#}
{% macro sm_join_tokens(tokens) -%}{{ adapter.dispatch('sm_join_tokens', 'storematch')(tokens) }}{%- endmacro %}
{% macro duckdb__sm_join_tokens(tokens) -%}nullif(array_to_string({{ tokens }}, ' '), ''){%- endmacro %}
{% macro snowflake__sm_join_tokens(tokens) -%}nullif(array_to_string({{ sm_sf_list(tokens) }}, ' '), ''){%- endmacro %}

{% macro sm_list_len(l) -%}{{ adapter.dispatch('sm_list_len', 'storematch')(l) }}{%- endmacro %}
{% macro duckdb__sm_list_len(l) -%}len({{ l }}){%- endmacro %}
{% macro snowflake__sm_list_len(l) -%}array_size({{ l }}){%- endmacro %}

{#- Tokens without the ones in a literal list (used by diagnostics). -#}
{% macro sm_tokens_without(tokens, words) -%}{{ adapter.dispatch('sm_tokens_without', 'storematch')(tokens, words) }}{%- endmacro %}
{% macro duckdb__sm_tokens_without(tokens, words) -%}
list_filter({{ tokens }}, lambda t: not list_contains([{% for w in words %}'{{ w }}'{% if not loop.last %}, {% endif %}{% endfor %}], t))
{%- endmacro %}
{% macro snowflake__sm_tokens_without(tokens, words) -%}
{%- set quoted = [] -%}{%- for w in words %}{% do quoted.append("'" ~ (w | replace("'", "''")) ~ "'") %}{% endfor -%}
{{ sm_sf_array("filter(" ~ sm_sf_list(tokens) ~ ", t varchar -> t not in (" ~ (quoted | join(', ')) ~ "))") }}
{%- endmacro %}

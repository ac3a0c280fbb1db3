{#-
  Small SQL constructs that differ between DuckDB and Snowflake, behind adapter.dispatch.
  The duckdb__ variants emit exactly the SQL the models had before; snowflake__ variants are
  the Snowflake equivalents (verified against fakesnow on the `fake` target, and by a syntax
  check for the `snowflake` target: tests/integration/dbt-snowflake.test.ts).
  Regular expressions are passed as the pattern itself (not a SQL literal): each dialect
  quotes it (Snowflake string literals treat a backslash as an escape, DuckDB's do not).
-#}

{% macro sm_regex_literal(pattern) -%}{{ return(adapter.dispatch('sm_regex_literal', 'storematch')(pattern)) }}{%- endmacro %}
{% macro default__sm_regex_literal(pattern) -%}{{ return("'" ~ (pattern | replace("'", "''")) ~ "'") }}{%- endmacro %}
{% macro snowflake__sm_regex_literal(pattern) -%}{{ return("'" ~ (pattern | replace('\\', '\\\\') | replace("'", "''")) ~ "'") }}{%- endmacro %}

{#- Every match of a pattern replaced (DuckDB needs the 'g' flag; Snowflake replaces all by default). -#}
{% macro sm_regexp_replace_all(expr, pattern, replacement, ignore_case=false) -%}{{ adapter.dispatch('sm_regexp_replace_all', 'storematch')(expr, pattern, replacement, ignore_case) }}{%- endmacro %}
{% macro duckdb__sm_regexp_replace_all(expr, pattern, replacement, ignore_case) -%}regexp_replace({{ expr }}, {{ sm_regex_literal(('(?i)' if ignore_case else '') ~ pattern) }}, {{ replacement }}, 'g'){%- endmacro %}
{#- ignore_case on Snowflake matches the lower-cased text (and returns it lower-cased): only for callers that fold case afterwards. -#}
{% macro snowflake__sm_regexp_replace_all(expr, pattern, replacement, ignore_case) -%}regexp_replace({% if ignore_case %}lower({{ expr }}){% else %}{{ expr }}{% endif %}, {{ sm_regex_literal(pattern) }}, {{ replacement }}){%- endmacro %}

{#- The first match only (both dialects' default without flags). -#}
{% macro sm_regexp_replace_first(expr, pattern, replacement) -%}regexp_replace({{ expr }}, {{ sm_regex_literal(pattern) }}, {{ replacement }}){%- endmacro %}

{#- Does the whole string match? (Snowflake's REGEXP_LIKE is anchored at both ends.) -#}
{% macro sm_regexp_full_match(expr, pattern) -%}{{ adapter.dispatch('sm_regexp_full_match', 'storematch')(expr, pattern) }}{%- endmacro %}
{% macro duckdb__sm_regexp_full_match(expr, pattern) -%}regexp_full_match({{ expr }}, {{ sm_regex_literal(pattern) }}){%- endmacro %}
{% macro snowflake__sm_regexp_full_match(expr, pattern) -%}regexp_like({{ expr }}, {{ sm_regex_literal(pattern) }}){%- endmacro %}

{#- Does the pattern match anywhere in the string? -#}
{% macro sm_regexp_search(expr, pattern) -%}{{ adapter.dispatch('sm_regexp_search', 'storematch')(expr, pattern) }}{%- endmacro %}
{% macro duckdb__sm_regexp_search(expr, pattern) -%}regexp_matches({{ expr }}, {{ sm_regex_literal(pattern) }}){%- endmacro %}
{% macro snowflake__sm_regexp_search(expr, pattern) -%}(regexp_instr({{ expr }}, {{ sm_regex_literal(pattern) }}) > 0){%- endmacro %}

{% macro sm_starts_with(expr, prefix) -%}{{ adapter.dispatch('sm_starts_with', 'storematch')(expr, prefix) }}{%- endmacro %}
{% macro duckdb__sm_starts_with(expr, prefix) -%}starts_with({{ expr }}, {{ prefix }}){%- endmacro %}
{% macro snowflake__sm_starts_with(expr, prefix) -%}startswith({{ expr }}, {{ prefix }}){%- endmacro %}

{#- The current time as a timestamp without time zone. -#}
{% macro sm_now() -%}{{ adapter.dispatch('sm_now', 'storematch')() }}{%- endmacro %}
{% macro duckdb__sm_now() -%}now()::timestamp{%- endmacro %}
{% macro snowflake__sm_now() -%}current_timestamp()::timestamp_ntz{%- endmacro %}

{% macro sm_log2(expr) -%}{{ adapter.dispatch('sm_log2', 'storematch')(expr) }}{%- endmacro %}
{% macro duckdb__sm_log2(expr) -%}log2({{ expr }}){%- endmacro %}
{% macro snowflake__sm_log2(expr) -%}log(2, {{ expr }}){%- endmacro %}

{#- A stable hash of a value, to pick a repeatable sample (the two engines' hashes differ). -#}
{% macro sm_hash(expr) -%}hash({{ expr }}){%- endmacro %}

{#- Aggregates with a condition: FILTER (WHERE …) on DuckDB. -#}
{% macro sm_count_if(cond) -%}{{ adapter.dispatch('sm_count_if', 'storematch')(cond) }}{%- endmacro %}
{% macro duckdb__sm_count_if(cond) -%}count(*) filter (where {{ cond }}){%- endmacro %}
{% macro snowflake__sm_count_if(cond) -%}count_if({{ cond }}){%- endmacro %}

{#- agg(expr) over the rows where cond holds; agg is min, max, sum, avg or bool_or. -#}
{% macro sm_agg_if(agg, expr, cond) -%}{{ adapter.dispatch('sm_agg_if', 'storematch')(agg, expr, cond) }}{%- endmacro %}
{% macro duckdb__sm_agg_if(agg, expr, cond) -%}{{ agg }}({{ expr }}) filter (where {{ cond }}){%- endmacro %}
{% macro snowflake__sm_agg_if(agg, expr, cond) -%}{{ {'bool_or': 'boolor_agg'}.get(agg, agg) }}(iff({{ cond }}, {{ expr }}, null)){%- endmacro %}

{% macro sm_count_distinct_if(expr, cond) -%}{{ adapter.dispatch('sm_count_distinct_if', 'storematch')(expr, cond) }}{%- endmacro %}
{% macro duckdb__sm_count_distinct_if(expr, cond) -%}count(distinct {{ expr }}) filter (where {{ cond }}){%- endmacro %}
{% macro snowflake__sm_count_distinct_if(expr, cond) -%}count(distinct iff({{ cond }}, {{ expr }}, null)){%- endmacro %}

{% macro sm_bool_or(expr) -%}{{ adapter.dispatch('sm_bool_or', 'storematch')(expr) }}{%- endmacro %}
{% macro duckdb__sm_bool_or(expr) -%}bool_or({{ expr }}){%- endmacro %}
{% macro snowflake__sm_bool_or(expr) -%}boolor_agg({{ expr }}){%- endmacro %}

{#- A typed empty result's columns: `null::varchar` etc. work on both; a list type does not. -#}
{% macro sm_varchar_list_type() -%}{{ adapter.dispatch('sm_varchar_list_type', 'storematch')() }}{%- endmacro %}
{% macro duckdb__sm_varchar_list_type() -%}varchar[]{%- endmacro %}
{% macro snowflake__sm_varchar_list_type() -%}array{%- endmacro %}

{#- First element of a token list, and the list without it. -#}
{% macro sm_list_first(l) -%}{{ adapter.dispatch('sm_list_first', 'storematch')(l) }}{%- endmacro %}
{% macro duckdb__sm_list_first(l) -%}{{ l }}[1]{%- endmacro %}
{% macro snowflake__sm_list_first(l) -%}{{ l }}[0]::varchar{%- endmacro %}

{% macro sm_list_rest(l) -%}{{ adapter.dispatch('sm_list_rest', 'storematch')(l) }}{%- endmacro %}
{% macro duckdb__sm_list_rest(l) -%}{{ l }}[2:]{%- endmacro %}
{% macro snowflake__sm_list_rest(l) -%}{{ sm_sf_array('array_slice(' ~ sm_sf_list(l) ~ ', 1, ' ~ sm_sf_list_size(l) ~ ')') }}{%- endmacro %}

{#-
  FROM-clause item: one row per token of a list column that is at least min_length long, as
  `alias.col`. DuckDB unnests a filtered list; Snowflake flattens it in a lateral subquery.
-#}
{% macro sm_unnest_tokens(list_expr, alias, col, min_length=0) -%}{{ adapter.dispatch('sm_unnest_tokens', 'storematch')(list_expr, alias, col, min_length) }}{%- endmacro %}
{% macro duckdb__sm_unnest_tokens(list_expr, alias, col, min_length) -%}
{%- if min_length > 0 -%}
unnest(list_filter({{ list_expr }}, lambda t: length(t) >= {{ min_length }})) as {{ alias }}({{ col }})
{%- else -%}
unnest({{ list_expr }}) as {{ alias }}({{ col }})
{%- endif -%}
{%- endmacro %}
{% macro snowflake__sm_unnest_tokens(list_expr, alias, col, min_length) -%}
lateral (select f.value::varchar as {{ col }} from table(flatten(input => {{ list_expr }})) f{% if min_length > 0 %} where length(f.value::varchar) >= {{ min_length }}{% endif %}) {{ alias }}
{%- endmacro %}

{#-
  The `fake` target (fakesnow, tests only) stores an ARRAY as JSON text, and DuckDB under it
  applies lambdas and list functions to lists only. These shims convert between the two on
  the fake target and are the identity on a real Snowflake, so the lambda logic that runs on
  the fake is the logic production runs.
    sm_sf_list(a)     an ARRAY column as the input of a lambda / list function
    sm_sf_array(l)    a lambda's result back to an ARRAY value
    sm_sf_variant(v)  a VARCHAR compared with ARRAY elements (ARRAY_CONTAINS, ARRAY_POSITION)
    sm_sf_list_size(a), sm_sf_get_text(a, i)  size and i-th (0-based) element as text
-#}
{% macro sm_sf_list(a) -%}{% if target.name == 'fake' %}json_extract_string({{ a }}, '$[*]'){% else %}{{ a }}{% endif %}{%- endmacro %}
{% macro sm_sf_array(l) -%}{% if target.name == 'fake' %}to_variant({{ l }}){% else %}{{ l }}{% endif %}{%- endmacro %}
{% macro sm_sf_variant(v) -%}{% if target.name == 'fake' %}{{ v }}{% else %}{{ v }}::variant{% endif %}{%- endmacro %}
{% macro sm_sf_list_size(a) -%}array_size({{ a }}){%- endmacro %}
{% macro sm_sf_get_text(a, i) -%}{% if target.name == 'fake' %}json_extract_string({{ a }}, '$[' || ({{ i }}) || ']'){% else %}get({{ a }}, {{ i }})::varchar{% endif %}{%- endmacro %}

{#-
  Config of the gold tables. On Snowflake they are Iceberg tables on var('external_volume'):
  their snapshots are the versions' history (lib/versions). A full build deletes and rewrites
  their rows (sm_incremental_delete) instead of dropping them (full_refresh: false), so that
  history survives --full-refresh. Other targets (DuckDB; fakesnow, which would take CREATE
  ICEBERG TABLE as a plain table) build plain tables.
-#}
{% macro sm_gold_iceberg_config() -%}
  {%- if target.name == 'snowflake' -%}
    {{ return({'table_format': 'iceberg', 'external_volume': var('external_volume'), 'full_refresh': false}) }}
  {%- else -%}
    {{ return({}) }}
  {%- endif -%}
{%- endmacro %}

{#- A token list stored in an Iceberg table: Snowflake's Iceberg tables take structured arrays only (ARRAY(VARCHAR)), not ARRAY. -#}
{% macro sm_gold_list(col) -%}
  {%- if sm_gold_iceberg_config() -%}{{ col }}::array(varchar) as {{ col }}{%- else -%}{{ col }}{%- endif -%}
{%- endmacro %}

{#-
  A blocking key: a 64-bit hash of its kind (a quoted literal) and its parts, the same on every
  row of one warehouse (DuckDB: UBIGINT, Snowflake: NUMBER(19, 0)). A warehouse upgrade that
  changed the hash function would need a full refresh before the next targeted run, as the
  stored keys of the last full build would no longer meet the recomputed ones.
-#}
{% macro sm_block_key(parts) -%}hash({{ parts | join(', ') }}){%- endmacro %}

{#- The hash of a fixed key, which int_block_key_probe stores and a targeted run compares (int_store_block_keys). -#}
{% macro sm_block_key_probe() -%}{{ sm_block_key(["'storematch'", "'probe'", "42"]) }}{%- endmacro %}

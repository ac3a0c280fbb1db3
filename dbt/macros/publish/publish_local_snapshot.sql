{#-
  After a build in which nothing failed, write gold and diagnostics as Parquet files into
  sm_run_var('snapshot_dir'), which the runner then points the console and `export` at. Local
  (DuckDB) only; on Snowflake consumers read MART views instead.
-#}
{% macro publish_local_snapshot(results) -%}{{ return(adapter.dispatch('publish_local_snapshot', 'storematch')(results)) }}{%- endmacro %}

{% macro default__publish_local_snapshot(results) -%}{{ return('') }}{%- endmacro %}

{#-
  Snowflake: the version is pinned from the live tables by the publisher (clones), so only the
  build's rules are left for it, as one row per run in CONTROL.BUILD_RULES (the publisher reads
  it by run id into the version's manifest, as locally from rules.json). Run on fakesnow by
  tests/snowflake/healing-cli.test.ts; on a real account, not at all.
-#}
{% macro snowflake__publish_local_snapshot(results) -%}
  {%- if not execute or sm_run_var('run_id') == '' or flags.WHICH not in ['build', 'run'] -%}{{ return('') }}{%- endif -%}
  {%- set failed = results | selectattr('status', 'in', ['error', 'fail', 'runtime error']) | list -%}
  {%- if failed | length > 0 -%}{{ return('') }}{%- endif -%}
  {%- set run_id = sm_run_var('run_id') | replace("'", "''") -%}
  {%- set sql -%}
    create table if not exists control.build_rules (run_id varchar, rules varchar, written_at timestamp_ntz);
    delete from control.build_rules where run_id = '{{ run_id }}';
    insert into control.build_rules (run_id, rules, written_at) values ('{{ run_id }}', '{{ sm_rules_json() | replace("'", "''") }}', {{ sm_now() }});
  {%- endset -%}
  {{ return(sql) }}
{%- endmacro %}

{% macro duckdb__publish_local_snapshot(results) -%}
  {%- set dir = sm_run_var('snapshot_dir') | replace("'", "''") -%}
  {%- if not execute or dir == '' or flags.WHICH not in ['build', 'run'] -%}{{ return('') }}{%- endif -%}
  {%- set failed = results | selectattr('status', 'in', ['error', 'fail', 'runtime error']) | list -%}
  {%- if failed | length > 0 -%}{{ return('') }}{%- endif -%}
  {#- The tables (name, schema, order, history) come from the runner: lib/versions/tables.ts is the one list. -#}
  {%- set tables = fromjson(sm_run_var('published_tables') or '[]') -%}
  {%- set sql -%}
    {%- for t in tables %}
    {%- if t.history %}
    {#- History (dim_stores: 2 rows per store pair): a targeted run exports only the rows it
        recomputed, as a delta the publisher appends; a full build exports all, in the table's
        order (written sorted), to replace the table. -#}
    {%- if sm_run_var('run_mode') == 'targeted' %}
    copy (select * from {{ t.schema }}.{{ t.name }} where {{ sm_written_by_this_run(api.Relation.create(schema=t.schema, identifier=t.name)) }}) to '{{ dir }}/{{ t.name }}.delta.parquet' (format parquet);
    {%- else %}
    copy (select * from {{ t.schema }}.{{ t.name }}) to '{{ dir }}/{{ t.name }}.parquet' (format parquet);
    {%- endif %}
    {%- else %}
    {#- Sorted by the columns the console looks rows up by, so Parquet row-group statistics prune reads. -#}
    copy (select * from {{ t.schema }}.{{ t.name }}{% if t.order %} order by {{ t.order }}{% endif %}) to '{{ dir }}/{{ t.name }}.parquet' (format parquet);
    {%- endif %}
    {%- endfor %}
    {#- The match rules this build ran with, for the version's manifest: explanations read them from there. -#}
    copy (select {{ sm_rules_select() }}) to '{{ dir }}/rules.json' (format json);
  {%- endset -%}
  {{ return(sql) }}
{%- endmacro %}

{#- The vars of the model's learning that a version's rules record. -#}
{% macro sm_rules_model_vars() -%}
  {{ return(['u_sample_stores', 'em_iterations', 'em_tolerance', 'm_smoothing', 'min_labels', 'imprecise_coordinate_stores', 'shared_phone_stores',
             'token_similarity', 'distance_max_km', 'block_max_pairs', 'block_max_pairs_place', 'assignment_rounds', 'ambiguity_margin']) }}
{%- endmacro %}

{#- The same rules as one JSON object (Snowflake: CONTROL.BUILD_RULES), the shape of rules.json. -#}
{% macro sm_rules_json() -%}
  {%- set model = {} -%}
  {%- for v in sm_rules_model_vars() %}{% do model.update({v: var(v)}) %}{% endfor -%}
  {%- do model.update({'reuse_parameters': (sm_run_var('reuse_parameters') | string | lower) in ['true', '1'], 'run_mode': sm_run_var('run_mode')}) -%}
  {{ return(tojson({'matchProbability': var('match_probability') | float, 'reviewLower': var('review_lower') | float, 'reviewUpper': var('review_upper') | float, 'model': model})) }}
{%- endmacro %}

{#- The vars that decide matches and the model's learning, as one row (the version's rules). -#}
{% macro sm_rules_select() -%}
  {%- set model_vars = sm_rules_model_vars() -%}
  {{ var('match_probability') | float }} as "matchProbability", {{ var('review_lower') | float }} as "reviewLower", {{ var('review_upper') | float }} as "reviewUpper",
  {{ "{" }}{% for v in model_vars %}'{{ v }}': {{ var(v) }}, {% endfor %}'reuse_parameters': {{ 'true' if (sm_run_var('reuse_parameters') | string | lower) in ['true', '1'] else 'false' }}, 'run_mode': '{{ sm_run_var('run_mode') }}'{{ "}" }} as model
{%- endmacro %}

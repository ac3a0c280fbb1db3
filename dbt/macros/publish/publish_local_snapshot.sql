{#-
  After a build in which nothing failed, write gold and diagnostics as Parquet files into
  sm_run_var('snapshot_dir'), which the runner then points the console and `export` at. Local
  (DuckDB) only; on Snowflake consumers read MART views instead.
-#}
{% macro publish_local_snapshot(results) -%}{{ return(adapter.dispatch('publish_local_snapshot', 'storematch')(results)) }}{%- endmacro %}

{% macro default__publish_local_snapshot(results) -%}{{ return('') }}{%- endmacro %}

{% macro duckdb__publish_local_snapshot(results) -%}
  {%- set dir = sm_run_var('snapshot_dir') | replace("'", "''") -%}
  {%- if not execute or dir == '' or flags.WHICH not in ['build', 'run'] -%}{{ return('') }}{%- endif -%}
  {%- set failed = results | selectattr('status', 'in', ['error', 'fail', 'runtime error']) | list -%}
  {%- if failed | length > 0 -%}{{ return('') }}{%- endif -%}
  {#- Sorted by the columns the console looks rows up by, so Parquet row-group statistics prune reads. -#}
  {%- set tables = [('gold', 'fct_store_matches', 'gi_id, th_id'), ('diagnostics', 'diag_unmatched_stores', 'source, store_id'), ('diagnostics', 'diag_store_candidates', 'source, store_id, candidate_rank'), ('diagnostics', 'diag_failure_patterns', 'dimension, value'), ('model', 'model_parameters', 'comparison, level'), ('diagnostics', 'diag_possible_matches', 'uncertainty, gi_id, th_id')] -%}
  {%- set sql -%}
    {%- for schema, t, order in tables %}
    copy (select * from {{ schema }}.{{ t }} order by {{ order }}) to '{{ dir }}/{{ t }}.parquet' (format parquet);
    {%- endfor %}
    {#- Store profiles (2 rows per store pair) are published as history: a targeted run exports
        only the rows it recomputed, as a delta the publisher appends; a full build exports all,
        in the table's order (written sorted), to replace the table. -#}
    {%- if sm_run_var('run_mode') == 'targeted' %}
    copy (select * from gold.dim_stores where {{ sm_written_by_this_run(api.Relation.create(schema='gold', identifier='dim_stores')) }}) to '{{ dir }}/dim_stores.delta.parquet' (format parquet);
    {%- else %}
    copy (select * from gold.dim_stores) to '{{ dir }}/dim_stores.parquet' (format parquet);
    {%- endif %}
  {%- endset -%}
  {{ return(sql) }}
{%- endmacro %}

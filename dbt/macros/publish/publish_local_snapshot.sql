{#-
  After a build in which nothing failed, write gold and diagnostics as Parquet files into
  var('snapshot_dir'), which the runner then points the console and `export` at. Local
  (DuckDB) only; on Snowflake consumers read MART views instead.
-#}
{% macro publish_local_snapshot(results) -%}{{ return(adapter.dispatch('publish_local_snapshot', 'storematch')(results)) }}{%- endmacro %}

{% macro default__publish_local_snapshot(results) -%}{{ return('') }}{%- endmacro %}

{% macro duckdb__publish_local_snapshot(results) -%}
  {%- set dir = var('snapshot_dir') -%}
  {%- if not execute or dir == '' or flags.WHICH not in ['build', 'run'] -%}{{ return('') }}{%- endif -%}
  {%- set failed = results | selectattr('status', 'in', ['error', 'fail', 'runtime error']) | list -%}
  {%- if failed | length > 0 -%}{{ return('') }}{%- endif -%}
  {%- set tables = [('gold', 'fct_store_matches'), ('diagnostics', 'diag_unmatched_stores'), ('diagnostics', 'diag_store_candidates'), ('diagnostics', 'diag_failure_patterns')] -%}
  {%- set sql -%}
    {%- for schema, t in tables %}
    copy (select * from {{ schema }}.{{ t }}) to '{{ dir }}/{{ t }}.parquet' (format parquet);
    {%- endfor %}
  {%- endset -%}
  {{ return(sql) }}
{%- endmacro %}

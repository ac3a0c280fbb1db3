{#-
  A per-run setting (run_mode, run_id, snapshot_dir). The runner passes them as
  environment variables STOREMATCH_DBT_<NAME>, not as --vars: dbt throws its partial-parse
  cache away whenever --vars change, and a full parse costs seconds on every run. They are read
  only while executing, so parsing never sees them (it renders every model as in a full run:
  the targeted branches declare their refs with `-- depends_on`). Without the variable, the
  dbt var of the same name (dbt_project.yml, or --vars by hand) applies.
-#}
{% macro sm_run_var(name) -%}
  {%- if execute -%}
    {{ return(env_var('STOREMATCH_DBT_' ~ (name | upper), var(name))) }}
  {%- else -%}
    {{ return(var(name)) }}
  {%- endif -%}
{%- endmacro %}

{#-
  True when this invocation is a targeted run of an already built project, for the models rebuilt
  as tables holding only the run's own rows (int_candidate_pairs_blocked, int_pairs_compared),
  where is_incremental() does not apply. `this` is unset while dbt compiles a unit test, which
  always tests the full path.
-#}
{% macro sm_is_targeted_run() -%}
  {{ return(sm_run_var('run_mode') == 'targeted' and this is not none and execute and load_relation(this) is not none) }}
{%- endmacro %}

{#- True when this invocation is a targeted run of an already built project. -#}
{% macro sm_is_targeted() -%}
  {#- `this` is unset while dbt compiles a unit test, which always tests the full path. -#}
  {{ return(sm_run_var('run_mode') == 'targeted' and this is not none and is_incremental()) }}
{%- endmacro %}

{#-
  on-run-start: the control tables in the warehouse. The runner writes a run's inputs into
  control.reprocess_triggers (the scope of a targeted run, by run_id) and control.pair_decisions
  before dbt starts, in one transaction (lib/warehouse/duckdb/run-inputs.ts, same columns);
  they are the `control` source. Created here too when missing, so a build by hand finds them.
-#}
{% macro load_run_scope() -%}
  {%- if not execute or flags.WHICH not in ['build', 'run'] -%}{{ return('') }}{%- endif -%}
  {%- set sql -%}
    create schema if not exists control;
    create table if not exists control.reprocess_triggers (
      trigger_id integer, run_id varchar, source varchar, store_id varchar, reason varchar,
      priority double, status varchar, loaded_at timestamp, consumed_at timestamp);
    create table if not exists control.pair_decisions (gi_id varchar, th_id varchar, decision varchar);
    create table if not exists control.transformation_logs (
      run_id varchar, invocation_id varchar, run_mode varchar, node varchar, resource_type varchar,
      status varchar, execution_seconds double, message varchar, logged_at timestamp);
  {%- endset -%}
  {{ return(sql) }}
{%- endmacro %}

{#- on-run-end: one row per model in control.transformation_logs; the scope CONSUMED on success. -#}
{% macro log_transformations(results) -%}
  {%- if not execute or flags.WHICH not in ['build', 'run'] -%}{{ return('') }}{%- endif -%}
  {%- set failed = results | selectattr('status', 'in', ['error', 'fail', 'runtime error']) | list -%}
  {%- set models = results | selectattr('node.resource_type', 'equalto', 'model') | list -%}
  {%- set sql -%}
    {%- if models | length > 0 %}
    insert into control.transformation_logs values
    {%- for r in models %}
      ('{{ sm_run_var("run_id") }}', '{{ invocation_id }}', '{{ sm_run_var("run_mode") }}', '{{ r.node.name }}', 'model',
       '{{ r.status }}', {{ r.execution_time }}, {{ "'" ~ (r.message | replace("'", "''")) ~ "'" if r.message else 'null' }}, {{ sm_now() }}){% if not loop.last %},{% endif %}
    {%- endfor %};
    {%- endif %}
    {%- if failed | length == 0 and sm_run_var('run_id') != '' %}
    update control.reprocess_triggers set status = 'CONSUMED', consumed_at = {{ sm_now() }}
    where run_id = '{{ sm_run_var("run_id") }}' and status = 'APPROVED';
    {%- endif %}
  {%- endset -%}
  {{ return(sql) }}
{%- endmacro %}

{#-
  pre-hook of the incremental models: what to delete before inserting the recomputed rows.
  A targeted run deletes only the rows of the stores it recomputes (`where`); any other
  incremental invocation recomputes everything, so it deletes everything.
-#}
{% macro sm_incremental_delete(where) -%}
  {%- if this is not none and is_incremental() -%}
    {%- if sm_run_var('run_mode') == 'targeted' -%}
      delete from {{ this }} where {{ where }}
    {%- else -%}
      delete from {{ this }}
    {%- endif -%}
  {%- endif -%}
{%- endmacro %}

{#-
  computed_at of the rows this dbt invocation writes (its run_started_at; unique per run, and
  increasing). A targeted run appends the recomputed rows of int_store_block_keys and
  int_pairs_scored after deleting the old rows of the same stores,
  so in the next model "the rows of the scope" are exactly "the rows with this run's stamp".
  Filtering on it lets DuckDB skip, by row-group min/max, every row group written by an earlier
  run, instead of scanning tens of millions of ids.
-#}
{% macro sm_run_stamp() -%}
  cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp)
{%- endmacro %}

{#-
  "This run wrote the row" as a filter on `relation` (alias: its alias, with the dot). A table
  built before computed_at existed has no such column (an incremental run keeps the table's
  columns): then `true`, and the caller's own scope filter does all the work, as before. The
  next full refresh adds the column.
-#}
{% macro sm_written_by_this_run(relation, alias='') -%}
  {%- set columns = (adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list) if execute else [] -%}
  {%- if 'computed_at' in columns -%}
    {{ alias }}computed_at = {{ sm_run_stamp() }}
  {%- else -%}
    true
  {%- endif -%}
{%- endmacro %}

{#- A pair (GI id, TH id) with either store in a scope relation. -#}
{% macro sm_pair_touches(scope_relation, gi_col='gi_id', th_col='th_id') -%}
  ({{ sm_in_scope(gi_col, 'gi', scope_relation) }} or {{ sm_in_scope(th_col, 'th', scope_relation) }})
{%- endmacro %}

{#- Membership of a store id in a scope relation (columns source, store_id). -#}
{% macro sm_in_scope(id_col, source_code, scope_relation) -%}
  {{ id_col }} in (select store_id from {{ scope_relation }} where source = '{{ source_code }}')
{%- endmacro %}

{#- Compute a CTE once (each assignment round reads the previous ones). -#}
{% macro sm_materialized() -%}{{ adapter.dispatch('sm_materialized', 'storematch')() }}{%- endmacro %}
{% macro default__sm_materialized() -%}{%- endmacro %}
{% macro duckdb__sm_materialized() -%}materialized{%- endmacro %}

{#- The stores whose assignment a targeted run redoes, as a relation (see int_reprocess_pool). -#}
{% macro sm_assign_pool() -%}
  {{ return('(select source, store_id from ' ~ ref('int_reprocess_pool') ~ ' where assign)') }}
{%- endmacro %}

{#-
  True when this invocation keeps the model learned by the build it extends (the parameters and
  term frequencies): a targeted run, or a full build asked to reuse the parameters
  (reuse_parameters), so that it scores with exactly the model of the version it extends.
-#}
{% macro sm_keeps_model() -%}
  {{ return(this is not none and is_incremental()
            and (sm_run_var('run_mode') == 'targeted' or (sm_run_var('reuse_parameters') | string | lower) in ['true', '1'])) }}
{%- endmacro %}

{#- pre-hook of the model tables: a build that learns the model again replaces them. -#}
{% macro sm_model_delete() -%}
  {%- if this is not none and is_incremental() and not sm_keeps_model() -%}
    delete from {{ this }}
  {%- endif -%}
{%- endmacro %}

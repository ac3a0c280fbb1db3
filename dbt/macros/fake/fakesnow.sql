{#-
  Workarounds for the `fake` target only: fakesnow, a Snowflake emulator on DuckDB that the
  tests run dbt-snowflake against (tests/integration/dbt-snowflake.test.ts). Each is the
  identity on any other target, so a real Snowflake gets dbt-snowflake's own SQL.
    1. Temporary tables: fakesnow cannot create a TEMPORARY table in a schema (DuckDB keeps
       them in its "temp" catalog): the incremental models' tmp relations and the unit tests'
       fixtures are created as TRANSIENT tables instead (dbt-snowflake's own transient SQL).
    2. MERGE: fakesnow needs the inserted values qualified with the source alias
       (DBT_INTERNAL_SOURCE.col); dbt's default writes them bare.
    3. Transactions: fakesnow cannot MERGE inside BEGIN … COMMIT; on the fake target DML runs
       without the explicit transaction dbt-snowflake wraps it in.
  Root-project macros take precedence over the adapter's macros of the same name; the
  originals are called through the dbt_snowflake namespace.
-#}

{% macro snowflake__create_table_temporary_sql(relation, compiled_code) -%}
  {%- if sm_on_fake() -%}
    {{ dbt.snowflake__create_table_transient_sql(relation, compiled_code) }}
  {%- else -%}
    {{ dbt.snowflake__create_table_temporary_sql(relation, compiled_code) }}
  {%- endif -%}
{%- endmacro %}

{% macro snowflake__get_merge_sql(target, source_sql, unique_key, dest_columns, incremental_predicates) -%}
  {%- set sql = dbt.snowflake__get_merge_sql(target, source_sql, unique_key, dest_columns, incremental_predicates) -%}
  {%- if sm_on_fake() and unique_key is not none -%}
    {%- set names = dest_columns | map(attribute='name') | list -%}
    {%- set bare = get_quoted_csv(names) -%}
    {%- set qualified = [] -%}
    {%- for n in names %}{% do qualified.append('DBT_INTERNAL_SOURCE.' ~ adapter.quote(n)) %}{% endfor -%}
    {%- set parts = sql.rsplit('values', 1) -%}
    {%- set sql = parts[0] ~ 'values' ~ (parts[1] | replace(bare, qualified | join(', '))) -%}
  {%- endif -%}
  {{ return(sql) }}
{%- endmacro %}

{% macro snowflake_dml_explicit_transaction(dml) -%}
  {%- if sm_on_fake() -%}
    {{ return(dml) }}
  {%- else -%}
    {{ return(dbt.snowflake_dml_explicit_transaction(dml)) }}
  {%- endif -%}
{%- endmacro %}

{#- True on the fake target (a macro, because some callers have a parameter named `target`). -#}
{% macro sm_on_fake() -%}{{ return(target.name == 'fake') }}{%- endmacro %}

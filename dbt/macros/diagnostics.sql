{#-
  CTEs shared by the diagnostics models:
    unmatched  every unmatched store (in a targeted run: those of int_reprocess_pool)
    directed   each unmatched store's candidate pairs, seen from its side (in a targeted run:
               diag_pool_candidate_pairs, computed once for both models, which may hold more
               stores: every use joins directed to unmatched)
  They read gold and the pairs table by ref(), not through a CTE of the calling model: DuckDB
  materializes a CTE referenced more than once, and a materialized `select * from pairs` copies
  the whole pairs table (every column, token lists included) before any filter applies. Read
  directly, each scan gets the store filter pushed down and reads only the columns it needs.
-#}
{% macro sm_unmatched_ctes() -%}
unmatched as (
  select * from (
    select 'gi' as source, gi_id as store_id from {{ ref('fct_store_matches') }} where status = 'GI_ONLY'
    union all
    select 'th', th_id from {{ ref('fct_store_matches') }} where status = 'TH_ONLY'
  ) u
  {%- if sm_is_targeted() %}
  where (u.source, u.store_id) in (select source, store_id from {{ ref('int_reprocess_pool') }})
  {%- endif %}
),

directed as (
  {%- if sm_is_targeted() %}
  select * from {{ ref('diag_pool_candidate_pairs') }}
  {%- else %}
  {{ sm_directed_pairs('unmatched') }}
  {%- endif %}
)
{%- endmacro %}

{#- The score columns of a directed pair (the narrow ones: token lists are read back from staging for the best pair only). -#}
{% macro sm_directed_score_columns(alias='p') -%}
  {%- set cols = ['total_score', 'match_weight', 'match_probability', 'prior_weight', 'name_score', 'address_score', 'postcode_score', 'city_score', 'phone_score', 'distance_score', 'distance_km', 'evidence_weight', 'is_eligible'] -%}
  {%- for c in sm_comparisons() %}{% do cols.append(c.name ~ '_level') %}{% do cols.append(c.name ~ '_weight') %}{% endfor -%}
  {%- for c in cols -%}
    {{ alias }}.{{ c }}{% if not loop.last %}, {% endif %}
  {%- endfor -%}
{%- endmacro %}

{#-
  Each store of `unmatched` (a relation or CTE with source, store_id) with its candidate pairs,
  seen from its side: source, store_id, candidate_id, gi_id, th_id and the score columns.
-#}
{% macro sm_directed_pairs(unmatched) -%}
  select 'gi' as source, p.gi_id as store_id, p.th_id as candidate_id, p.gi_id, p.th_id, {{ sm_directed_score_columns() }}
  from {{ ref('int_pairs_scored') }} p where p.gi_id in (select store_id from {{ unmatched }} where source = 'gi')
  union all
  select 'th', p.th_id, p.gi_id, p.gi_id, p.th_id, {{ sm_directed_score_columns() }}
  from {{ ref('int_pairs_scored') }} p where p.th_id in (select store_id from {{ unmatched }} where source = 'th')
{%- endmacro %}

{#-
  The same as a subquery, for a few thousand stores (a targeted run's pool). On DuckDB, late
  materialization: those stores' rows are spread over the whole pairs table, so nearly every
  vector holds one and a filtered scan decompresses every projected column of every row.
  Instead, two scans read only the ids (keeping each matching row's rowid), and one scan of the
  numeric score columns fetches those rows by rowid.
-#}
{% macro sm_directed_pairs_of_few(unmatched) -%}{{ return(adapter.dispatch('sm_directed_pairs_of_few', 'storematch')(unmatched)) }}{%- endmacro %}

{% macro default__sm_directed_pairs_of_few(unmatched) -%}
  ({{ sm_directed_pairs(unmatched) }})
{%- endmacro %}

{% macro duckdb__sm_directed_pairs_of_few(unmatched) -%}
  (with hits as materialized (
    select p.rowid as row_id, 'gi' as source, p.gi_id as store_id, p.th_id as candidate_id, p.gi_id, p.th_id
    from {{ ref('int_pairs_scored') }} p where p.gi_id in (select store_id from {{ unmatched }} where source = 'gi')
    union all
    select p.rowid, 'th', p.th_id, p.gi_id, p.gi_id, p.th_id
    from {{ ref('int_pairs_scored') }} p where p.th_id in (select store_id from {{ unmatched }} where source = 'th')
  )
  select h.source, h.store_id, h.candidate_id, h.gi_id, h.th_id, {{ sm_directed_score_columns() }}
  from {{ ref('int_pairs_scored') }} p
  join hits h on h.row_id = p.rowid)
{%- endmacro %}

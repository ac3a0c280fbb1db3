-- One row per GI–TH pair or singleton (status MATCHED, GI_ONLY, TH_ONLY), with the evidence of each comparison.
-- A view for consumers (dashboards, exports): see _mart__models.yml.
{{ config(alias='store_matches') }}
select * from {{ ref('fct_store_matches') }}

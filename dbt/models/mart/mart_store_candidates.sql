-- The top 5 candidates of every unmatched store, with their component scores.
-- A view for consumers (dashboards, exports): see _mart__models.yml.
{{ config(alias='store_candidates') }}
select * from {{ ref('diag_store_candidates') }}

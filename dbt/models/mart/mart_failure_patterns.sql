-- Failure reasons aggregated by source, country, city, brand and name token.
-- A view for consumers (dashboards, exports): see _mart__models.yml.
{{ config(alias='failure_patterns') }}
select * from {{ ref('diag_failure_patterns') }}

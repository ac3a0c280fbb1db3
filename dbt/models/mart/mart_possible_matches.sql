-- Pairs in the review band (probability between the review bounds), most uncertain first.
-- A view for consumers (dashboards, exports): see _mart__models.yml.
{{ config(alias='possible_matches') }}
select * from {{ ref('diag_possible_matches') }}

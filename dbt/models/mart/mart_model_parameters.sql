-- The matching model: m, u and the match weight of every comparison level, and the prior.
-- A view for consumers (dashboards, exports): see _mart__models.yml.
{{ config(alias='model_parameters') }}
select * from {{ ref('model_parameters') }}

-- Every unmatched store with its failure reason (and the reason's summary, seeds/failure_reasons.csv), potential score and best candidate.
-- A view for consumers (dashboards, exports): see _mart__models.yml.
{{ config(alias='unmatched_stores') }}
select u.*, r.summary as failure_summary
from {{ ref('diag_unmatched_stores') }} u
left join {{ ref('failure_reasons') }} r on r.reason = u.failure_reason

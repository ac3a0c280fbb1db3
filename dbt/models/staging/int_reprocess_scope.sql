{#-
  The stores a targeted run re-normalizes, re-blocks and re-scores: the stores of the run's
  approved triggers (source control.reprocess_triggers, written by the runner). Their candidates keep the normalization of
  the last build: a fix that changes untriggered stores reaches them with the next full
  refresh (the scan asks for one when too many stores fail). Empty in a full run.
-#}
{{ config(materialized='table') }}
{%- set triggers = source('control', 'reprocess_triggers') %}
{%- if sm_run_var('run_mode') == 'targeted' %}
select distinct source, store_id
from {{ triggers }}
where run_id = '{{ sm_run_var("run_id") }}' and status = 'APPROVED'
{%- else %}
select null::varchar as source, null::varchar as store_id where false
{%- endif %}

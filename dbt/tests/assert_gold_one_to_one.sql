-- One-to-one: a store is in at most one MATCHED pair, and MATCHED rows have both ids.
select 'gi' as side, gi_id as store_id, count(*) as pairs
from {{ ref('fct_store_matches') }} where status = 'MATCHED' group by gi_id having count(*) > 1
union all
select 'th', th_id, count(*)
from {{ ref('fct_store_matches') }} where status = 'MATCHED' group by th_id having count(*) > 1
union all
select 'both', match_key, 0
from {{ ref('fct_store_matches') }} where status = 'MATCHED' and (gi_id is null or th_id is null)

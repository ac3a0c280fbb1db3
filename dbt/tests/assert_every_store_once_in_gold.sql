-- Every GI and TH store appears exactly once in gold, and gold holds no other store.
with gold_ids as (
  select 'gi' as source, gi_id as store_id from {{ ref('fct_store_matches') }} where gi_id is not null
  union all
  select 'th', th_id from {{ ref('fct_store_matches') }} where th_id is not null
),
stores as (
  select 'gi' as source, store_id from {{ ref('stg_gi__stores') }}
  union all
  select 'th', store_id from {{ ref('stg_th__stores') }}
),
counted as (
  select s.source, s.store_id, count(g.store_id) as appearances
  from stores s left join gold_ids g on g.source = s.source and g.store_id = s.store_id
  group by 1, 2
)
select source, store_id, appearances from counted where appearances <> 1
union all
select g.source, g.store_id, null from gold_ids g
where not exists (select 1 from stores s where s.source = g.source and s.store_id = g.store_id)

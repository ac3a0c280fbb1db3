{#-
  Candidate pairs: GI and TH stores sharing at least one block key. Keys that would
  produce more than var('block_max_pairs') pairs are dropped (a city-wide "carrefour"),
  which keeps the pair count close to linear in the number of stores; the other keys
  of the same stores still bring them together.
-#}
with keys as (
  select * from {{ ref('int_store_block_keys') }}
),

block_sizes as (
  select block_key,
    count(*) filter (where source = 'gi') as n_gi,
    count(*) filter (where source = 'th') as n_th
  from keys
  group by block_key
),

usable as (
  select block_key from block_sizes
  where n_gi > 0 and n_th > 0 and n_gi * n_th <= {{ var('block_max_pairs') }}
)

select
  g.store_id as gi_id,
  t.store_id as th_id,
  count(*) as shared_keys
from keys g
join usable u on u.block_key = g.block_key
join keys t on t.block_key = g.block_key and t.source = 'th'
where g.source = 'gi'
group by 1, 2

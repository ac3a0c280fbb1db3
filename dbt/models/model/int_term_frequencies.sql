{#-
  Term frequencies of the values that get a term-frequency adjustment (name, address, phone, brand:
  the share of the stores of both lists that carry the value) and the number of stores of a
  list sharing one coordinate (a centroid, not a place: see sm_distance_level) or one phone
  number (a head office: see sm_phone_level).
  Part of the model: learned on every full build; a targeted run (or a full build with
  reuse_parameters) keeps the table of the build it extends, so that it scores its scope with
  exactly the same model as that build.
-#}
{%- if sm_keeps_model() %}
select * from {{ this }} where false
{%- else %}
with stores as (
  select source, name_norm, address_norm, phone_norm, brand, lat, lon from {{ ref('stg_gi__stores') }}
  union all
  select source, name_norm, address_norm, phone_norm, brand, lat, lon from {{ ref('stg_th__stores') }}
),

values_ as (
  select 'name' as field, name_norm as value from stores where name_norm is not null
  union all
  select 'address', address_norm from stores where address_norm is not null
  union all
  select 'phone', phone_norm from stores where phone_norm is not null
  union all
  select 'brand', brand from stores where brand is not null
  union all
  select 'coord_' || source, cast(lat as varchar) || ',' || cast(lon as varchar) from stores where lat is not null and lon is not null
  union all
  select 'phone_' || source, phone_norm from stores where phone_norm is not null
),

counts as (
  select field, value, count(*) as n from values_ group by 1, 2
)

select
  field,
  value,
  n,
  n * 1.0 / sum(n) over (partition by field) as tf
from counts
-- Only what is read: values seen more than once, and the shared coordinates.
where n > 1 or field in ('name', 'address', 'phone', 'brand')
{%- endif %}

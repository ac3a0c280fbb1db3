{#-
  One raw store list → normalized stores. Both staging models call this, so GI and TH
  go through exactly the same rules (seeds/normalization).
-#}
{% macro normalize_stores(relation, source_code, where=none) -%}
with {{ sm_rules_cte() }},

raw as (
  select * from {{ relation }}
  {%- if where %}
  where {{ where }}
  {%- endif %}
),

tokenized as (
  select
    raw.store_id,
    '{{ source_code }}' as source,
    raw.name as name_raw,
    raw.address as address_raw,
    raw.postcode as postcode_raw,
    raw.city as city_raw,
    raw.country as country_raw,
    raw.phone as phone_raw,
    {{ sm_valid_coordinate('raw.lat', 'raw.lon', 'lat') }} as lat,
    {{ sm_valid_coordinate('raw.lat', 'raw.lon', 'lon') }} as lon,
    {{ sm_normalize_tokens('raw.name') }} as name_tokens,
    {{ sm_normalize_tokens('raw.address', drop_legal_forms=false) }} as address_tokens,
    {{ sm_normalize_tokens(sm_regexp_replace_all('raw.city', '\\bcedex\\b|\\barrondissement\\b|\\barr\\b|\\b[0-9]+(er|e|eme|ème)?\\b', "' '", ignore_case=true), drop_legal_forms=false) }} as city_tokens,
    {{ sm_phone_international_digits('raw.phone') }} as phone_digits,
    {{ sm_fold('trim(raw.country)') }} as country_folded
  from raw
  cross join rules
),

normalized as (
  select
    t.*,
    {{ sm_join_tokens('t.name_tokens') }} as name_norm,
    case when {{ sm_regexp_full_match(sm_list_first('t.address_tokens'), '[0-9]+') }} then {{ sm_list_first('t.address_tokens') }} end as address_number,
    case when {{ sm_regexp_full_match(sm_list_first('t.address_tokens'), '[0-9]+') }} then {{ sm_list_rest('t.address_tokens') }} else t.address_tokens end as street_tokens,
    {{ sm_join_tokens('t.address_tokens') }} as address_norm,
    {{ sm_join_tokens('t.city_tokens') }} as city_norm,
    coalesce(c.country_code, case when length(t.country_folded) = 2 then upper(t.country_folded) end) as country_code,
    {{ sm_phone_national('t.phone_digits', 't.phone_raw') }} as phone_norm
  from tokenized t
  left join {{ ref('countries') }} c on lower(trim(c.raw_value)) = t.country_folded
),

branded as (
  select
    n.*,
    {{ sm_normalize_postcode('n.postcode_raw', 'n.country_code') }} as postcode_norm,
    b.brand
  from normalized n
  left join {{ ref('brands') }} b
    on n.name_norm = b.name_prefix or {{ sm_starts_with('n.name_norm', "b.name_prefix || ' '") }}
  qualify row_number() over (partition by n.store_id order by length(b.name_prefix) desc nulls last) = 1
)

select
  store_id, source, name_raw, address_raw, postcode_raw, city_raw, country_raw, phone_raw,
  name_tokens, name_norm, address_number, street_tokens, address_norm,
  postcode_norm, city_tokens, city_norm, country_code, phone_norm, lat, lon, brand,
  (case when {{ sm_list_len('street_tokens') }} > 0 then 1 else 0 end + case when postcode_norm is not null then 1 else 0 end
   + case when phone_norm is not null then 1 else 0 end + case when lat is not null then 1 else 0 end) as locating_fields
from branded
{%- endmacro %}

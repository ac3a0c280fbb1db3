{#- Field normalizers: digits-only postcodes and national phone numbers. -#}
{% macro sm_digits(expr) -%}regexp_replace(coalesce({{ expr }}, ''), '[^0-9]', ''{% if target.type == 'duckdb' %}, 'g'{% endif %}){%- endmacro %}

{#- Postcode: digits only; French codes that lost their leading zero get it back. -#}
{% macro sm_normalize_postcode(expr, country_code) -%}
case
  when {{ sm_digits(expr) }} = '' then null
  when {{ country_code }} = 'FR' and length({{ sm_digits(expr) }}) = 4 then '0' || {{ sm_digits(expr) }}
  else {{ sm_digits(expr) }}
end
{%- endmacro %}

{#- Phone: from international digits (digits only, a leading 00 removed) to the national
    significant number (no +33/+32 prefix, no trunk 0); null unless 8–9 digits remain. -#}
{% macro sm_phone_international_digits(expr) -%}
regexp_replace({{ sm_digits(expr) }}, '^00', '')
{%- endmacro %}

{% macro sm_phone_national(digits) -%}
case when length(
    case when ({{ digits }} like '33%' and length({{ digits }}) = 11) or ({{ digits }} like '32%' and length({{ digits }}) in (10, 11))
         then substr({{ digits }}, 3) else regexp_replace({{ digits }}, '^0', '') end
  ) between 8 and 9
then case when ({{ digits }} like '33%' and length({{ digits }}) = 11) or ({{ digits }} like '32%' and length({{ digits }}) in (10, 11))
          then substr({{ digits }}, 3) else regexp_replace({{ digits }}, '^0', '') end
end
{%- endmacro %}

{#- Coordinates: null when out of range or at (0, 0), a common "unknown" placeholder. -#}
{% macro sm_valid_coordinate(lat, lon, which) -%}
case when {{ lat }} between -90 and 90 and {{ lon }} between -180 and 180 and not ({{ lat }} = 0 and {{ lon }} = 0)
     then {{ lat if which == 'lat' else lon }} end
{%- endmacro %}

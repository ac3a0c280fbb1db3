{#- Field normalizers: digits-only postcodes and national phone numbers. -#}
{% macro sm_digits(expr) -%}{{ sm_regexp_replace_all('coalesce(' ~ expr ~ ", '')", '[^0-9]', "''") }}{%- endmacro %}

{#- Postcode: digits only; French codes that lost their leading zero get it back. -#}
{% macro sm_normalize_postcode(expr, country_code) -%}
case
  when {{ sm_digits(expr) }} = '' then null
  when {{ country_code }} = 'FR' and length({{ sm_digits(expr) }}) = 4 then '0' || {{ sm_digits(expr) }}
  else {{ sm_digits(expr) }}
end
{%- endmacro %}

{#- Phone: digits only, a leading 00 removed (the international prefix). -#}
{% macro sm_phone_international_digits(expr) -%}
{{ sm_regexp_replace_first(sm_digits(expr), '^00', "''") }}
{%- endmacro %}

{#-
  Phone: the national significant number, so that the same line written nationally
  ("01 23 45 67 89", "213/848-6677") or internationally ("+33 1 23 45 67 89", "+1 213 848 6677",
  "0044 20 7946 0958") compares equal: the country code of an international number (written
  with + or 00) is dropped, then a trunk 0. Null unless 7–12 digits remain.
-#}
{% macro sm_phone_national(digits, raw) -%}
{%- set two = "'33', '32', '44', '49', '41', '34', '39', '31', '43', '45', '46', '47', '48', '30', '36', '40', '61', '64', '81', '86', '90', '91'" -%}
{%- set three = "'352', '351', '353', '354', '358', '212', '213', '216', '262', '377', '420', '421'" -%}
{%- set d = digits -%}
(case when length(
  {%- set national -%}
  regexp_replace(case
    when {{ sm_regexp_search("trim(coalesce(" ~ raw ~ ", ''))", '^(\\+|00)') }} then
      case
        when {{ d }} like '1%' and length({{ d }}) = 11 then substr({{ d }}, 2)
        when left({{ d }}, 3) in ({{ three }}) then substr({{ d }}, 4)
        when left({{ d }}, 2) in ({{ two }}) then substr({{ d }}, 3)
        else {{ d }}
      end
    when ({{ d }} like '33%' and length({{ d }}) = 11) or ({{ d }} like '32%' and length({{ d }}) in (10, 11)) then substr({{ d }}, 3)
    when {{ d }} like '1%' and length({{ d }}) = 11 then substr({{ d }}, 2)
    else {{ d }}
  end, '^0', '')
  {%- endset %}
  {{ national }}) between 7 and 12 then {{ national }} end)
{%- endmacro %}

{#- Coordinates: null when out of range or at (0, 0), a common "unknown" placeholder. -#}
{% macro sm_valid_coordinate(lat, lon, which) -%}
case when {{ lat }} between -90 and 90 and {{ lon }} between -180 and 180 and not ({{ lat }} = 0 and {{ lon }} = 0)
     then {{ lat if which == 'lat' else lon }} end
{%- endmacro %}

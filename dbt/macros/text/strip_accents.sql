{#- Lower case without accents. -#}
{% macro sm_fold(expr) -%}{{ adapter.dispatch('sm_fold', 'storematch')(expr) }}{%- endmacro %}

{% macro default__sm_fold(expr) -%}
  translate(lower({{ expr }}), 'àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæ', 'aaaaaaceeeeiiiinooooouuuuyyoa')
{%- endmacro %}

{% macro duckdb__sm_fold(expr) -%}lower(strip_accents({{ expr }})){%- endmacro %}

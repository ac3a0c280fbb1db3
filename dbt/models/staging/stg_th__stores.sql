-- TH stores, normalized (see macros/normalize_stores.sql).
{{ normalize_stores(source('raw', 'th'), 'th') }}

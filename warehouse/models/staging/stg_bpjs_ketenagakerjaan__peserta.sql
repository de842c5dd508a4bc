-- Grain: one row per (periode, nik): a member in a BPJS Ketenagakerjaan snapshot.
-- nik / no_kk: pseudonyms, checked by pseudonym_key.
-- materialized: view
WITH source AS (
  SELECT * FROM {{feed:bpjs_ketenagakerjaan}}
),

renamed AS (
  SELECT
    periode::DATE AS periode,
    pseudonym_key(nik) AS nik,
    kode_desa::VARCHAR AS kode_desa,
    kategori::VARCHAR AS kategori,
    status::VARCHAR AS status
  FROM source
)

SELECT * FROM renamed

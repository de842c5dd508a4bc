-- Grain: one row per (periode, nik): a JKN member in a BPJS Kesehatan snapshot.
-- nik / no_kk: pseudonyms, checked by pseudonym_key.
-- materialized: view
WITH source AS (
  SELECT * FROM {{feed:bpjs_kesehatan}}
),

renamed AS (
  SELECT
    periode::DATE AS periode,
    pseudonym_key(nik) AS nik,
    kode_desa::VARCHAR AS kode_desa,
    segmen::VARCHAR AS segmen,
    status::VARCHAR AS status
  FROM source
)

SELECT * FROM renamed

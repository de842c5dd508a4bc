-- Grain: one row per (tahun, tahap, no_kk): a PKH disbursement line.
-- nik / no_kk: pseudonyms, checked by pseudonym_key.
-- materialized: table
WITH source AS (
  SELECT * FROM {{feed:pkh}}
),

renamed AS (
  SELECT
    tahun::INTEGER AS tahun,
    tahap::INTEGER AS tahap,
    pseudonym_key(no_kk) AS no_kk,
    kode_desa::VARCHAR AS kode_desa,
    status_salur::VARCHAR AS status_salur,
    nominal::BIGINT AS nominal
  FROM source
)

SELECT * FROM renamed

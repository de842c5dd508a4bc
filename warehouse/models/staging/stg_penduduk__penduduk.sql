-- Grain: one row per (kode_desa, tahun): the population count Disdukcapil reported for that year.
-- materialized: table
WITH source AS (
  SELECT * FROM {{feed:penduduk}}
),

renamed AS (
  SELECT
    kode_desa::VARCHAR AS kode_desa,
    tahun::INTEGER AS tahun,
    jumlah_penduduk::BIGINT AS jumlah_penduduk,
    jumlah_kk::BIGINT AS jumlah_kk
  FROM source
)

SELECT * FROM renamed

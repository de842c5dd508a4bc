-- Grain: one row per (periode, no_kk): a family of a DTSEN release (family file).
-- nik / no_kk: pseudonyms, checked by pseudonym_key.
-- materialized: view
WITH source AS (
  SELECT * FROM {{feed:dtsen_keluarga}}
),

renamed AS (
  SELECT
    periode::DATE AS periode,
    pseudonym_key(no_kk) AS no_kk,
    kode_desa::VARCHAR AS kode_desa,
    desil_nasional::INTEGER AS desil_nasional,
    desil_provinsi::INTEGER AS desil_provinsi,
    desil_kabupaten_kota::INTEGER AS desil_kabupaten_kota,
    coalesce(pbi_nas::VARCHAR, 'TIDAK') AS pbi_nas,
    coalesce(pbi_pemda::VARCHAR, 'TIDAK') AS pbi_pemda,
    tanggal_verifikasi::DATE AS tanggal_verifikasi
  FROM source
)

SELECT * FROM renamed

-- Grain: one row per (periode, nik): a member of a DTSEN release (member file); its family is
-- (periode, no_kk) of stg_dtsen__keluarga, which may be absent.
-- nik / no_kk: pseudonyms, checked by pseudonym_key.
-- materialized: view
WITH source AS (
  SELECT * FROM {{feed:dtsen_anggota}}
),

renamed AS (
  SELECT
    periode::DATE AS periode,
    pseudonym_key(nik) AS nik,
    pseudonym_key(no_kk) AS no_kk,
    tanggal_lahir::DATE AS tanggal_lahir,
    hubungan_keluarga::VARCHAR AS hubungan_keluarga,
    coalesce(disabilitas::VARCHAR, 'TIDAK') AS disabilitas,
    coalesce(hamil::VARCHAR, 'TIDAK') AS hamil,
    pekerjaan::VARCHAR AS pekerjaan
  FROM source
)

SELECT * FROM renamed

-- Grain: one row per (periode, nik): a person in a DTKS snapshot. A view: the person rows are read
-- once, by int_registri_individu_classified, so copying them first would only cost memory.
-- nik / no_kk: pseudonyms, checked by pseudonym_key.
-- materialized: view
WITH source AS (
  SELECT * FROM {{feed:dtks}}
),

renamed AS (
  SELECT
    periode::DATE AS periode,
    id_dtks::VARCHAR AS id_dtks,
    pseudonym_key(nik) AS nik,
    pseudonym_key(no_kk) AS no_kk,
    kode_desa::VARCHAR AS kode_desa,
    tanggal_lahir::DATE AS tanggal_lahir,
    hubungan_keluarga::VARCHAR AS hubungan_keluarga,
    desil::INTEGER AS desil,
    coalesce(disabilitas::VARCHAR, 'TIDAK') AS disabilitas,
    coalesce(hamil::VARCHAR, 'TIDAK') AS hamil,
    pekerjaan::VARCHAR AS pekerjaan,
    tanggal_verifikasi::DATE AS tanggal_verifikasi
  FROM source
)

SELECT * FROM renamed

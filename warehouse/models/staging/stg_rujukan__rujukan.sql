-- Grain: one row per complaint (id_rujukan): its latest version, by (diperbarui_pada, _run_id,
-- nik / no_kk: pseudonyms, checked by pseudonym_key.
-- _file_seq, _line). Exports are incremental, so older versions are updates, not separate rows.
-- materialized: table
WITH source AS (
  SELECT * FROM {{feed:rujukan}}
),

latest_version AS (
  SELECT *
  FROM source
  QUALIFY row_number() OVER (
    PARTITION BY id_rujukan
    ORDER BY diperbarui_pada DESC, _run_id DESC, _file_seq DESC, _line DESC
  ) = 1
),

renamed AS (
  SELECT
    id_rujukan::VARCHAR AS id_rujukan,
    tanggal_keluhan::DATE AS tanggal_keluhan,
    pseudonym_key(nik) AS nik,
    kode_desa::VARCHAR AS kode_desa,
    kategori::VARCHAR AS kategori,
    kanal::VARCHAR AS kanal,
    lembaga_tujuan::VARCHAR AS lembaga_tujuan,
    status::VARCHAR AS status,
    -- the contract ignores a tanggal_selesai on an open status
    CASE WHEN status IN ('SELESAI', 'DITOLAK') THEN tanggal_selesai::DATE END AS tanggal_selesai,
    diperbarui_pada::TIMESTAMPTZ AS diperbarui_pada
  FROM latest_version
)

SELECT * FROM renamed

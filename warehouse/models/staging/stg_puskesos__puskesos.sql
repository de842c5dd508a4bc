-- Grain: one row per kode_desa: the Puskesos register (the whole register is replaced per run).
-- materialized: table
WITH source AS (
  SELECT * FROM {{feed:puskesos}}
),

renamed AS (
  SELECT
    kode_desa::VARCHAR AS kode_desa,
    nama_puskesos::VARCHAR AS nama_puskesos,
    status::VARCHAR AS status,
    tanggal_sk::DATE AS tanggal_sk
  FROM source
)

SELECT * FROM renamed

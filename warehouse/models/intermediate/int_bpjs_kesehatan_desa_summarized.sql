-- Grain: one row per (BPJS Kesehatan periode, kode_desa of the BPJS row): distinct NIKs that are
-- JKN members (a row of any status: the UHC numerator) and those with status AKTIF.
WITH peserta AS (
  SELECT periode, nik, kode_desa, status FROM stg_bpjs_kesehatan__peserta
),

summarized AS (
  -- count(*): the lake holds one row per (periode, nik) (the ETL's DUPLIKAT key); a DISTINCT
  -- over every member was the costliest aggregate of the build
  SELECT
    periode,
    kode_desa,
    count(*) AS peserta,
    count(*) FILTER (WHERE status = 'AKTIF') AS peserta_aktif
  FROM peserta
  GROUP BY ALL
)

SELECT * FROM summarized

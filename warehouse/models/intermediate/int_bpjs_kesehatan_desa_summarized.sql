-- Grain: one row per (BPJS Kesehatan periode, kode_desa of the BPJS row): distinct NIKs with an
-- active membership in any segmen (the UHC numerator).
WITH peserta AS (
  SELECT periode, nik, kode_desa FROM stg_bpjs_kesehatan__peserta WHERE status = 'AKTIF'
),

summarized AS (
  -- count(*): the lake holds one row per (periode, nik) (the ETL's DUPLIKAT key); a DISTINCT
  -- over every member was the costliest aggregate of the build
  SELECT periode, kode_desa, count(*) AS peserta_aktif
  FROM peserta
  GROUP BY ALL
)

SELECT * FROM summarized

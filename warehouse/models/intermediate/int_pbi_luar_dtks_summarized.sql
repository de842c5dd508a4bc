-- Grain: one row per (BPJS Kesehatan periode, DTKS periode, kode_desa of the BPJS row) for the
-- snapshot pairs some month uses: distinct active PBI NIKs absent from the whole DTKS snapshot.
WITH snapshot_pairs AS (
  SELECT DISTINCT kes_periode, dtks_periode
  FROM int_periods_listed
  WHERE dtks_periode IS NOT NULL AND kes_periode IS NOT NULL
),

peserta_pbi AS (
  SELECT periode, nik, kode_desa
  FROM stg_bpjs_kesehatan__peserta
  WHERE status = 'AKTIF' AND segmen IN ('PBI_APBN', 'PBI_APBD')
),

individu AS (
  SELECT periode, nik FROM int_dtks_individu_classified
),

outside_dtks AS (
  SELECT s.kes_periode, s.dtks_periode, p.kode_desa, p.nik
  FROM snapshot_pairs AS s
  JOIN peserta_pbi AS p ON p.periode = s.kes_periode
  ANTI JOIN individu AS i ON i.periode = s.dtks_periode AND i.nik = p.nik
),

summarized AS (
  -- count(*): one row per (periode, nik) in the lake, and the anti join adds none
  SELECT kes_periode, dtks_periode, kode_desa, count(*) AS pbi_luar_dtks
  FROM outside_dtks
  GROUP BY ALL
)

SELECT * FROM summarized

-- Grain: one row per (BPJS Kesehatan periode, registry periode, kode_desa of the BPJS row) for the
-- snapshot pairs some month uses: active PBI NIKs absent from the whole registry snapshot (none
-- yet: every one) or whose registry desil is known and above the pbi_jk band.
WITH snapshot_pairs AS (
  SELECT DISTINCT kes_periode, registri_periode
  FROM int_periods_listed
  WHERE kes_periode IS NOT NULL
),

aturan AS (
  SELECT pbi_jk_desil_maks FROM stg_aturan__program
),

peserta_pbi AS (
  SELECT periode, nik, kode_desa
  FROM stg_bpjs_kesehatan__peserta
  WHERE status = 'AKTIF' AND segmen IN ('PBI_APBN', 'PBI_APBD')
),

individu AS (
  SELECT periode, nik, desil FROM int_registri_individu_classified
),

outside AS (
  SELECT s.kes_periode, s.registri_periode, p.kode_desa, p.nik
  FROM snapshot_pairs AS s
  JOIN peserta_pbi AS p ON p.periode = s.kes_periode
  LEFT JOIN individu AS i ON i.periode = s.registri_periode AND i.nik = p.nik
  CROSS JOIN aturan AS a
  WHERE i.nik IS NULL OR i.desil > a.pbi_jk_desil_maks
),

summarized AS (
  -- count(*): one row per (periode, nik) in the lake and in a registry snapshot
  SELECT kes_periode, registri_periode, kode_desa, count(*) AS pbi_luar_sasaran
  FROM outside
  GROUP BY ALL
)

SELECT * FROM summarized

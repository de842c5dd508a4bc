-- Grain: one row per (registry periode, kode_desa in that snapshot) for the snapshots that have a
-- predecessor: people in the pbi_jk band of the previous snapshot (the latest of either source
-- before it, each side with its own source's desil rule) who are in this snapshot with a known
-- desil above the band (keluar_sasaran_pbi), matched by NIK, counted in their desa now.
WITH snapshots AS (
  SELECT periode, periode_sebelumnya
  FROM int_registri_snapshots_listed
  WHERE periode_sebelumnya IS NOT NULL
),

aturan AS (
  SELECT pbi_jk_desil_maks FROM stg_aturan__program
),

di_atas_band AS (
  SELECT i.periode, i.nik, i.kode_desa
  FROM int_registri_individu_classified AS i, aturan AS a
  WHERE i.desil > a.pbi_jk_desil_maks
),

sasaran_sebelumnya AS (
  SELECT periode, nik FROM int_registri_individu_classified WHERE sasaran_pbi
),

matched AS (
  SELECT s.periode, n.kode_desa
  FROM snapshots AS s
  JOIN di_atas_band AS n ON n.periode = s.periode
  SEMI JOIN sasaran_sebelumnya AS b ON b.periode = s.periode_sebelumnya AND b.nik = n.nik
),

summarized AS (
  SELECT periode, kode_desa, count(*) AS keluar
  FROM matched
  GROUP BY ALL
)

SELECT * FROM summarized

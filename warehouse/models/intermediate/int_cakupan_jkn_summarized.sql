-- Grain: one row per (registry periode, BPJS Kesehatan periode, kode_desa, desil) for the
-- snapshot pairs some month uses (no BPJS Kesehatan snapshot yet: periode null, nobody covered):
-- registry people, those with active PBI, those with no active JKN at all. Coverage is matched by
-- NIK, whatever desa the BPJS row names; the person counts in the registry desa. The pbi_jk band
-- is applied by desil where the indicators are combined.
WITH snapshot_pairs AS (
  SELECT DISTINCT registri_periode, kes_periode
  FROM int_periods_listed
  WHERE registri_periode IS NOT NULL
),

individu AS (
  SELECT periode, nik, kode_desa, desil FROM int_registri_individu_classified
),

-- One row per (periode, nik) already (the staging grain, kept by the ETL's DUPLIKAT rule), so
-- no aggregate here: at 15 million members it was the costliest step of the build.
peserta_aktif AS (
  SELECT periode, nik, segmen IN ('PBI_APBN', 'PBI_APBD') AS pbi
  FROM stg_bpjs_kesehatan__peserta
  WHERE status = 'AKTIF'
),

matched AS (
  SELECT
    s.registri_periode,
    s.kes_periode,
    i.kode_desa,
    i.desil,
    a.nik IS NOT NULL AS aktif,
    coalesce(a.pbi, false) AS pbi
  FROM snapshot_pairs AS s
  JOIN individu AS i ON i.periode = s.registri_periode
  LEFT JOIN peserta_aktif AS a ON a.periode = s.kes_periode AND a.nik = i.nik
),

summarized AS (
  SELECT
    registri_periode,
    kes_periode,
    kode_desa,
    desil,
    count(*) AS individu,
    count(*) FILTER (WHERE pbi) AS pbi_aktif,
    count(*) FILTER (WHERE NOT aktif) AS tanpa_jkn
  FROM matched
  GROUP BY ALL
)

SELECT * FROM summarized

-- Grain: one row per (registry periode, BPJS Ketenagakerjaan periode, kode_desa, desil) for the
-- snapshot pairs some month uses (no BPJS-TK snapshot yet: periode null, nobody covered): workers
-- of the vulnerable kinds at every desil, those with active BPJS-TK, those without. The bpu band
-- (pekerja rentan) is applied by desil where the indicators are combined.
WITH snapshot_pairs AS (
  SELECT DISTINCT registri_periode, tk_periode
  FROM int_periods_listed
  WHERE registri_periode IS NOT NULL
),

pekerja AS (
  SELECT periode, nik, kode_desa, desil
  FROM int_registri_individu_classified
  WHERE pekerja_informal
),

-- Already one row per (periode, nik): the staging grain, kept by the ETL's DUPLIKAT rule.
peserta_aktif AS (
  SELECT periode, nik
  FROM stg_bpjs_ketenagakerjaan__peserta
  WHERE status = 'AKTIF'
),

matched AS (
  SELECT
    s.registri_periode,
    s.tk_periode,
    r.kode_desa,
    r.desil,
    a.nik IS NOT NULL AS aktif
  FROM snapshot_pairs AS s
  JOIN pekerja AS r ON r.periode = s.registri_periode
  LEFT JOIN peserta_aktif AS a ON a.periode = s.tk_periode AND a.nik = r.nik
),

summarized AS (
  SELECT
    registri_periode,
    tk_periode,
    kode_desa,
    desil,
    count(*) AS pekerja,
    count(*) FILTER (WHERE aktif) AS bpu_aktif,
    count(*) FILTER (WHERE NOT aktif) AS tanpa_bpu
  FROM matched
  GROUP BY ALL
)

SELECT * FROM summarized

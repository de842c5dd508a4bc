-- Grain: one row per (DTKS periode, BPJS Ketenagakerjaan periode, kode_desa, desil) for the
-- snapshot pairs some month uses: vulnerable workers, those with active BPJS-TK, those without.
WITH snapshot_pairs AS (
  SELECT DISTINCT dtks_periode, tk_periode
  FROM int_periods_listed
  WHERE dtks_periode IS NOT NULL AND tk_periode IS NOT NULL
),

pekerja_rentan AS (
  SELECT periode, nik, kode_desa, desil
  FROM int_dtks_individu_classified
  WHERE pekerja_rentan
),

-- Already one row per (periode, nik): the staging grain, kept by the ETL's DUPLIKAT rule.
peserta_aktif AS (
  SELECT periode, nik
  FROM stg_bpjs_ketenagakerjaan__peserta
  WHERE status = 'AKTIF'
),

matched AS (
  SELECT
    s.dtks_periode,
    s.tk_periode,
    r.kode_desa,
    r.desil,
    a.nik IS NOT NULL AS aktif
  FROM snapshot_pairs AS s
  JOIN pekerja_rentan AS r ON r.periode = s.dtks_periode
  LEFT JOIN peserta_aktif AS a ON a.periode = s.tk_periode AND a.nik = r.nik
),

summarized AS (
  SELECT
    dtks_periode,
    tk_periode,
    kode_desa,
    desil,
    count(*) AS pekerja_rentan,
    count(*) FILTER (WHERE aktif) AS bpu_aktif,
    count(*) FILTER (WHERE NOT aktif) AS tanpa_bpu
  FROM matched
  GROUP BY ALL
)

SELECT * FROM summarized

-- Grain: one row per (registry periode, tahun, kode_desa) for the (snapshot, year) pairs some month
-- uses: PKH-eligible households and those with a SALUR row for their no_kk in that year.
WITH snapshot_years AS (
  SELECT DISTINCT registri_periode, tahun
  FROM int_periods_listed
  WHERE registri_periode IS NOT NULL
),

keluarga_layak AS (
  SELECT periode, no_kk, kode_desa FROM int_registri_keluarga_classified WHERE layak_pkh
),

tersalur AS (
  SELECT DISTINCT tahun, no_kk FROM stg_pkh__penyaluran WHERE status_salur = 'SALUR'
),

matched AS (
  SELECT s.registri_periode, s.tahun, k.kode_desa, t.no_kk IS NOT NULL AS menerima
  FROM snapshot_years AS s
  JOIN keluarga_layak AS k ON k.periode = s.registri_periode
  LEFT JOIN tersalur AS t ON t.tahun = s.tahun AND t.no_kk = k.no_kk
),

summarized AS (
  SELECT
    registri_periode,
    tahun,
    kode_desa,
    count(*) AS keluarga_layak,
    count(*) FILTER (WHERE menerima) AS menerima
  FROM matched
  GROUP BY ALL
)

SELECT * FROM summarized

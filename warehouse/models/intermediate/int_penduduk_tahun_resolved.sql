-- Grain: one row per (tahun, kode_desa) for the years of the warehouse: the population of the
-- latest penduduk tahun not after that year, per desa.
WITH years AS (
  SELECT DISTINCT tahun FROM int_periods_listed
),

penduduk AS (
  SELECT kode_desa, tahun, jumlah_penduduk FROM stg_penduduk__penduduk
),

resolved AS (
  SELECT
    y.tahun,
    p.kode_desa,
    arg_max(p.jumlah_penduduk, p.tahun) AS jumlah_penduduk
  FROM years AS y
  JOIN penduduk AS p ON p.tahun <= y.tahun
  GROUP BY ALL
)

SELECT * FROM resolved

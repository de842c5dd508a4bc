-- Grain: one row per (period, level, area_code, dimension, category) — dimension '*' (category '*')
-- for the whole area, else kategori / kanal / lembaga_tujuan / status — with the referral measures
-- computed from the complaint rows of the whole area (medians are never medians of medians).
WITH facts AS (
  SELECT * FROM int_rujukan_facts_unioned
),

by_area AS (
  SELECT f.*, l.level, left(f.kode_desa, l.code_length) AS area_code
  FROM facts AS f
  CROSS JOIN int_area_levels_listed AS l
),

aggregated AS (
  SELECT
    period,
    level,
    area_code,
    CASE
      WHEN GROUPING(kategori) = 0 THEN 'kategori'
      WHEN GROUPING(kanal) = 0 THEN 'kanal'
      WHEN GROUPING(lembaga_tujuan) = 0 THEN 'lembaga_tujuan'
      WHEN GROUPING(status) = 0 THEN 'status'
      ELSE '*'
    END AS dimension,
    coalesce(kategori, kanal, lembaga_tujuan, status, '*') AS category,
    count(*) FILTER (WHERE peran = 'masuk') AS masuk,
    count(*) FILTER (WHERE peran = 'masuk' AND status = 'SELESAI') AS masuk_selesai,
    count(hari) AS selesai,
    count(*) FILTER (WHERE hari <= 14) AS selesai_14_hari,
    quantile_cont(hari, 0.5) AS median_hari,
    count(*) FILTER (WHERE umur > 30) AS tunggakan
  FROM by_area
  GROUP BY GROUPING SETS (
    (period, level, area_code),
    (period, level, area_code, kategori),
    (period, level, area_code, kanal),
    (period, level, area_code, lembaga_tujuan),
    (period, level, area_code, status)
  )
)

SELECT * FROM aggregated

-- Grain: one row per (period, level, area_code, lembaga_tujuan, bucket) with jumlah > 0: complaints
-- open at end(P) by age in days on end(P); lembaga_tujuan '*' = all institutions.
WITH terbuka AS (
  SELECT
    period,
    kode_desa,
    lembaga_tujuan,
    -- The buckets are defined once, in warehouse/codes.ts (agingBuckets), on the column umur.
    {{aging_bucket}} AS bucket
  FROM int_rujukan_facts_unioned
  WHERE peran = 'terbuka'
),

by_area AS (
  SELECT t.*, l.level, left(t.kode_desa, l.code_length) AS area_code
  FROM terbuka AS t
  CROSS JOIN int_area_levels_listed AS l
),

aggregated AS (
  SELECT
    period,
    level,
    area_code,
    coalesce(lembaga_tujuan, '*') AS lembaga_tujuan,
    bucket,
    count(*)::INTEGER AS jumlah
  FROM by_area
  GROUP BY GROUPING SETS (
    (period, level, area_code, bucket),
    (period, level, area_code, lembaga_tujuan, bucket)
  )
)

SELECT * FROM aggregated ORDER BY period, level, area_code, lembaga_tujuan, bucket

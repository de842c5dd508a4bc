-- Grain: one row per (indicator_id, period, level, area_code, dimension, category) with data: the
-- referral indicators by kategori, kanal and lembaga_tujuan (rujukan_masuk also by current status),
-- same definitions as indicator_values, medians from the records of the area and category.
WITH aggregated AS (
  SELECT * FROM int_rujukan_area_aggregated WHERE dimension <> '*'
),

measures AS (
  SELECT 'rujukan_masuk' AS indicator_id, period, level, area_code, dimension, category,
    masuk::DOUBLE AS numerator, NULL::DOUBLE AS denominator, masuk::DOUBLE AS value
  FROM aggregated WHERE masuk > 0
  UNION ALL
  SELECT 'rujukan_selesai_pct', period, level, area_code, dimension, category,
    masuk_selesai, masuk, 100.0 * masuk_selesai / masuk
  FROM aggregated WHERE masuk > 0 AND dimension <> 'status'
  UNION ALL
  SELECT 'rujukan_median_hari', period, level, area_code, dimension, category,
    NULL, selesai, median_hari
  FROM aggregated WHERE selesai > 0 AND dimension <> 'status'
  UNION ALL
  SELECT 'rujukan_tunggakan', period, level, area_code, dimension, category,
    tunggakan, NULL, tunggakan
  FROM aggregated WHERE tunggakan > 0 AND dimension <> 'status'
  UNION ALL
  SELECT 'rujukan_sla_pct', period, level, area_code, dimension, category,
    selesai_14_hari, selesai, 100.0 * selesai_14_hari / selesai
  FROM aggregated WHERE selesai > 0 AND dimension <> 'status'
)

SELECT * FROM measures ORDER BY indicator_id, period, level, area_code, dimension, category

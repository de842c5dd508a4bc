-- Grain: one row per (indicator_id, period, level, area_code) of the five referral indicators, for
-- every referral month: every area of the served region (zeros), areas elsewhere with complaints.
WITH aggregated AS (
  SELECT * FROM int_rujukan_area_aggregated WHERE dimension = '*'
),

measures AS (
  SELECT 'rujukan_masuk' AS indicator_id, period, level, area_code,
    masuk AS numerator, NULL::BIGINT AS denominator, NULL::DOUBLE AS median FROM aggregated
  UNION ALL SELECT 'rujukan_selesai_pct', period, level, area_code, masuk_selesai, masuk, NULL
    FROM aggregated
  UNION ALL SELECT 'rujukan_median_hari', period, level, area_code, NULL, selesai, median_hari
    FROM aggregated
  UNION ALL SELECT 'rujukan_tunggakan', period, level, area_code, tunggakan, NULL, NULL
    FROM aggregated
  UNION ALL SELECT 'rujukan_sla_pct', period, level, area_code, selesai_14_hari, selesai, NULL
    FROM aggregated
),

existing AS (
  SELECT m.*
  FROM measures AS m
  SEMI JOIN int_indicator_periods_listed AS ip USING (indicator_id, period)
),

region_spine AS (
  SELECT ip.indicator_id, ip.period, a.level, a.area_code
  FROM int_indicator_periods_listed AS ip
  CROSS JOIN int_region_areas_listed AS a
  WHERE ip.indicator_id LIKE 'rujukan\_%' ESCAPE '\'
),

combined AS (
  SELECT
    coalesce(e.indicator_id, s.indicator_id) AS indicator_id,
    coalesce(e.period, s.period) AS period,
    coalesce(e.level, s.level) AS level,
    coalesce(e.area_code, s.area_code) AS area_code,
    -- a region area without complaints: counts 0; median has no numerator, 0 records
    CASE WHEN coalesce(e.indicator_id, s.indicator_id) <> 'rujukan_median_hari'
      THEN coalesce(e.numerator, 0) END::DOUBLE AS numerator,
    CASE WHEN coalesce(e.indicator_id, s.indicator_id) IN
        ('rujukan_selesai_pct', 'rujukan_sla_pct', 'rujukan_median_hari')
      THEN coalesce(e.denominator, 0) END::DOUBLE AS denominator,
    e.median
  FROM existing AS e
  FULL JOIN region_spine AS s USING (indicator_id, period, level, area_code)
)

SELECT * FROM combined

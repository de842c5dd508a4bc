-- Grain: one row per (indicator_id, period, level, area_code). Additive indicators roll up from
-- the desa numerators and denominators (percent = 100 × Σnum / Σden at every level, null when
-- Σden = 0); referral indicators come per area from the complaint rows (medians included).
-- Counts: value = numerator, no denominator. anggaran_*: numerator = gap, value = the cost that
-- budget_simulation gives with the default premiums, up to the band of the programme rules
-- (pbi_jk for anggaran_pbi_apbd, bpu for anggaran_bpu).
WITH desa AS (
  SELECT * FROM int_indicator_desa_combined
),

rolled_up AS (
  SELECT
    d.indicator_id,
    d.period,
    l.level,
    left(d.kode_desa, l.code_length) AS area_code,
    sum(d.numerator) AS numerator,
    sum(d.denominator) AS denominator,
    NULL::DOUBLE AS median
  FROM desa AS d
  CROSS JOIN int_area_levels_listed AS l
  GROUP BY ALL
),

rujukan AS (
  SELECT * FROM int_indicator_rujukan_combined
),

catalogue AS (
  SELECT id AS indicator_id, unit FROM indicator_catalogue
),

budget_periods AS (
  SELECT DISTINCT period
  FROM int_indicator_periods_listed
  WHERE indicator_id IN ('anggaran_pbi_apbd', 'anggaran_bpu')
),

budget AS (
  SELECT b.period, s.level, s.area_code, 'anggaran_pbi_apbd' AS indicator_id, s.cost_pbi AS cost
  FROM budget_periods AS b, budget_defaults AS d,
    LATERAL budget_simulation(b.period, d.premi_pbi, d.premi_bpu, d.max_desil) AS s
  UNION ALL
  SELECT b.period, s.level, s.area_code, 'anggaran_bpu', s.cost_bpu
  FROM budget_periods AS b, budget_defaults AS d, stg_aturan__program AS r,
    LATERAL budget_simulation(b.period, d.premi_pbi, d.premi_bpu, r.bpu_desil_maks) AS s
),

measured AS (
  SELECT * FROM rolled_up
  UNION ALL
  SELECT * FROM rujukan
),

valued AS (
  SELECT
    m.indicator_id,
    m.period,
    m.level,
    m.area_code,
    CASE WHEN c.unit = 'days' THEN NULL ELSE m.numerator END AS numerator,
    CASE WHEN c.unit IN ('percent', 'days') THEN m.denominator END AS denominator,
    -- no gap, no row in budget_simulation: the cost is 0
    value_by_unit(c.unit, m.numerator, m.denominator, m.median, coalesce(b.cost, 0)) AS value
  FROM measured AS m
  JOIN catalogue AS c USING (indicator_id)
  LEFT JOIN budget AS b USING (indicator_id, period, level, area_code)
)

SELECT * FROM valued ORDER BY indicator_id, period, level, area_code

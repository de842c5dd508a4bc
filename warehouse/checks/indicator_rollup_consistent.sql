-- a kecamatan / kabupaten / provinsi row differs from the sum of its children one level down (or a child has no parent row)
WITH v AS (
  SELECT v.*, c.unit
  FROM indicator_values AS v
  JOIN indicator_catalogue AS c ON c.id = v.indicator_id
  -- medians are recomputed from records, not summed
  WHERE c.unit <> 'days'
),

parents AS (
  SELECT * FROM (VALUES ('kecamatan', 'desa', 8), ('kabupaten', 'kecamatan', 5),
    ('provinsi', 'kabupaten', 2)) AS t(level, child_level, code_length)
),

recomputed AS (
  SELECT
    v.indicator_id, v.period, p.level, left(v.area_code, p.code_length) AS area_code, v.unit,
    sum(v.numerator) AS numerator, sum(v.denominator) AS denominator, sum(v.value) AS value_sum
  FROM v
  JOIN parents AS p ON p.child_level = v.level
  GROUP BY ALL
)

SELECT r.indicator_id, r.period, r.level, r.area_code, r.numerator, v.numerator AS stored
FROM recomputed AS r
FULL JOIN v USING (indicator_id, period, level, area_code)
WHERE coalesce(v.level, r.level) <> 'desa' AND (
  r.indicator_id IS NULL OR v.indicator_id IS NULL
  OR r.numerator IS DISTINCT FROM v.numerator
  OR r.denominator IS DISTINCT FROM v.denominator
  OR CASE r.unit
    WHEN 'percent' THEN
      (CASE WHEN r.denominator > 0 THEN 100 * r.numerator / r.denominator END) IS DISTINCT FROM v.value
    WHEN 'count' THEN r.numerator IS DISTINCT FROM v.value
    WHEN 'rupiah' THEN abs(r.value_sum - v.value) > 0.01
  END
)

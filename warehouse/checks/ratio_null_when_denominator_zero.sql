-- a percentage has a value although its denominator is 0, or a count carries a denominator
SELECT v.indicator_id, v.period, v.level, v.area_code, v.denominator, v.value
FROM indicator_values AS v
JOIN indicator_catalogue AS c ON c.id = v.indicator_id
WHERE (c.unit = 'percent' AND (v.denominator IS NULL OR (v.denominator = 0 AND v.value IS NOT NULL)))
  OR (c.unit IN ('count', 'rupiah') AND v.denominator IS NOT NULL)

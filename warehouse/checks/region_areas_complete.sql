-- an (indicator, period) of indicator_values lacks a row for an area of the served region
WITH present AS (
  SELECT DISTINCT indicator_id, period FROM indicator_values
)

SELECT p.indicator_id, p.period, a.level, a.area_code
FROM present AS p
CROSS JOIN int_region_areas_listed AS a
ANTI JOIN indicator_values AS v
  ON v.indicator_id = p.indicator_id AND v.period = p.period
  AND v.level = a.level AND v.area_code = a.area_code

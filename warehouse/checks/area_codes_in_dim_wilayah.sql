-- an area_code is not in dim_wilayah at its level
WITH used AS (
  SELECT DISTINCT 'indicator_values' AS tbl, level, area_code FROM indicator_values
  UNION ALL SELECT DISTINCT 'indicator_breakdowns', level, area_code FROM indicator_breakdowns
  UNION ALL SELECT DISTINCT 'rujukan_aging', level, area_code FROM rujukan_aging
  UNION ALL SELECT DISTINCT 'budget_gap_by_desil', level, area_code FROM budget_gap_by_desil
)

SELECT u.*
FROM used AS u
ANTI JOIN dim_wilayah AS w ON w.code = u.area_code AND w.level = u.level

-- indicator_values has duplicate (indicator_id, period, level, area_code) rows
SELECT indicator_id, period, level, area_code, count(*) AS rows
FROM indicator_values
GROUP BY ALL
HAVING count(*) > 1

-- an action list's rows in a desa differ from the desa figure of the indicator whose catalogue
-- action_list names it (the period of the lists), or a list no indicator names
WITH lists AS (
  SELECT d.list_id, d.period, d.kode_desa, count(*) AS rows
  FROM daftar_aksi AS d
  GROUP BY ALL
),

figures AS (
  SELECT c.action_list AS list_id, v.period, v.area_code AS kode_desa, v.value
  FROM indicator_values AS v
  JOIN indicator_catalogue AS c ON c.id = v.indicator_id
  WHERE c.action_list IS NOT NULL AND v.level = 'desa'
    AND v.period = (SELECT value FROM warehouse_meta WHERE key = 'latest_period')
)

SELECT l.list_id, l.period, l.kode_desa, l.rows, f.value
FROM lists AS l
LEFT JOIN figures AS f USING (list_id, period, kode_desa)
WHERE f.value IS DISTINCT FROM l.rows
UNION ALL
SELECT f.list_id, f.period, f.kode_desa, 0, f.value
FROM figures AS f
ANTI JOIN lists AS l USING (list_id, period, kode_desa)
WHERE f.value > 0

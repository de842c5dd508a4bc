-- Grain: one row per rejected row (line 0: a whole file) of every ETL run; values already masked.
WITH rejects AS (
  SELECT * FROM stg_etl__rejects
)

SELECT run_id, feed, file, line, column_name, reason, value
FROM rejects
ORDER BY run_id, feed, file, line

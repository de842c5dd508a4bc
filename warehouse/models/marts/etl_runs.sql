-- Grain: one row per ETL run recorded in lake/_runs/ before this build's run.
WITH runs AS (
  SELECT * FROM stg_etl__runs
)

SELECT run_id, status, as_of, started_at, finished_at, summary
FROM runs
WHERE run_id IS DISTINCT FROM {{run_id}}
ORDER BY run_id

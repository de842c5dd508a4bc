-- Grain: one row per ETL run summary file in lake/_runs/.
-- materialized: table
WITH source AS (
  SELECT json FROM {{runs}}
),

renamed AS (
  SELECT
    json ->> 'run_id' AS run_id,
    json ->> 'status' AS status,
    TRY_CAST(json ->> 'as_of' AS DATE) AS as_of,
    TRY_CAST(json ->> 'started_at' AS TIMESTAMPTZ) AS started_at,
    TRY_CAST(json ->> 'finished_at' AS TIMESTAMPTZ) AS finished_at,
    json::VARCHAR AS summary
  FROM source
)

SELECT * FROM renamed

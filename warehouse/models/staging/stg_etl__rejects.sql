-- Grain: one row per rejected row (or whole file, line 0) of any ETL run.
-- materialized: table
WITH source AS (
  SELECT * FROM {{rejects}}
),

renamed AS (
  SELECT
    run_id::VARCHAR AS run_id,
    feed::VARCHAR AS feed,
    file::VARCHAR AS file,
    line::INTEGER AS line,
    column_name::VARCHAR AS column_name,
    reason::VARCHAR AS reason,
    value::VARCHAR AS value
  FROM source
)

SELECT * FROM renamed

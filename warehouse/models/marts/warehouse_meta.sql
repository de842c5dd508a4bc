-- Grain: one row per key: as_of, region_code, built_at, run_id, model_version (digest of the
-- models that built it), latest_period (the latest month with data in any monthly feed, not after
-- the as-of date: the dashboard's default period).
WITH latest_months AS (
  SELECT max(periode) AS bulan FROM int_dtks_individu_classified
  UNION ALL SELECT max(periode) FROM stg_bpjs_kesehatan__peserta
  UNION ALL SELECT max(periode) FROM stg_bpjs_ketenagakerjaan__peserta
  UNION ALL SELECT max(greatest(tanggal_keluhan, tanggal_selesai)) FROM stg_rujukan__rujukan
),

latest_period AS (
  SELECT strftime(
    coalesce(least(max(bulan), {{as_of}}), {{as_of}}), '%Y-%m'
  ) AS period
  FROM latest_months
),

meta AS (
  SELECT 'as_of' AS key, strftime({{as_of}}, '%Y-%m-%d') AS value
  UNION ALL SELECT 'region_code', {{region}}
  UNION ALL SELECT 'built_at', strftime(now() AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ')
  UNION ALL SELECT 'run_id', {{run_id}}
  UNION ALL SELECT 'model_version', {{model_version}}
  UNION ALL SELECT 'latest_period', period FROM latest_period
)

SELECT * FROM meta

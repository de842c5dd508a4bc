-- Grain: one row per key: as_of, region_code, built_at, run_id, model_version (digest of the
-- models that built it), latest_period (the dashboard's default period: the latest complete month
-- with data in the registry, BPJS or rujukan — the as-of month only when the as-of date is its
-- last day, or when no complete month has data), in_progress_period (the as-of month while it is
-- in progress: no row when the as-of date is the last day of its month).
WITH latest_months AS (
  SELECT max(periode) AS bulan FROM int_registri_snapshots_listed
  UNION ALL SELECT max(periode) FROM stg_bpjs_kesehatan__peserta
  UNION ALL SELECT max(periode) FROM stg_bpjs_ketenagakerjaan__peserta
  UNION ALL SELECT max(greatest(tanggal_keluhan, tanggal_selesai)) FROM stg_rujukan__rujukan
),

months AS (
  SELECT
    date_trunc('month', {{as_of}})::DATE AS as_of_month,
    {{as_of}} = last_day({{as_of}}) AS as_of_complete,
    CASE WHEN {{as_of}} = last_day({{as_of}})
      THEN date_trunc('month', {{as_of}})
      ELSE date_trunc('month', {{as_of}}) - INTERVAL 1 MONTH
    END::DATE AS complete_month,
    (SELECT semua FROM int_feed_first_months) AS first_month,
    (SELECT date_trunc('month', least(max(bulan), {{as_of}})) FROM latest_months)::DATE
      AS data_month
),

latest_period AS (
  SELECT strftime(
    CASE
      WHEN data_month IS NULL THEN as_of_month
      WHEN complete_month < first_month THEN as_of_month
      ELSE least(data_month, complete_month)
    END,
    '%Y-%m'
  ) AS period
  FROM months
),

meta AS (
  SELECT 'as_of' AS key, strftime({{as_of}}, '%Y-%m-%d') AS value
  UNION ALL SELECT 'region_code', {{region}}
  UNION ALL SELECT 'built_at', strftime(now() AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ')
  UNION ALL SELECT 'run_id', {{run_id}}
  UNION ALL SELECT 'model_version', {{model_version}}
  UNION ALL SELECT 'latest_period', period FROM latest_period
  UNION ALL SELECT 'in_progress_period', strftime(as_of_month, '%Y-%m')
    FROM months WHERE NOT as_of_complete
)

SELECT * FROM meta

-- Grain: one row per month P from the first month of any data to the as-of month, with end(P) and
-- the snapshot each feed contributes to P: the latest periode not after P (carried forward).
WITH bounds AS (
  SELECT semua AS first_month, date_trunc('month', {{as_of}})::DATE AS last_month
  FROM int_feed_first_months
),

months AS (
  SELECT unnest(generate_series(first_month, last_month, INTERVAL 1 MONTH))::DATE AS period_start
  FROM bounds
),

dtks_snapshots AS (
  SELECT DISTINCT periode FROM int_dtks_individu_classified
),

bpjs_kesehatan_snapshots AS (
  SELECT DISTINCT periode FROM stg_bpjs_kesehatan__peserta
),

bpjs_ketenagakerjaan_snapshots AS (
  SELECT DISTINCT periode FROM stg_bpjs_ketenagakerjaan__peserta
),

with_dtks AS (
  SELECT m.period_start, d.periode AS dtks_periode
  FROM months AS m
  ASOF LEFT JOIN dtks_snapshots AS d ON m.period_start >= d.periode
),

with_kesehatan AS (
  SELECT m.*, k.periode AS kes_periode
  FROM with_dtks AS m
  ASOF LEFT JOIN bpjs_kesehatan_snapshots AS k ON m.period_start >= k.periode
),

with_ketenagakerjaan AS (
  SELECT m.*, t.periode AS tk_periode
  FROM with_kesehatan AS m
  ASOF LEFT JOIN bpjs_ketenagakerjaan_snapshots AS t ON m.period_start >= t.periode
),

final AS (
  SELECT
    strftime(period_start, '%Y-%m') AS period,
    period_start,
    least(last_day(period_start), {{as_of}}) AS period_end,
    year(period_start)::INTEGER AS tahun,
    dtks_periode,
    kes_periode,
    tk_periode
  FROM with_ketenagakerjaan
)

SELECT * FROM final

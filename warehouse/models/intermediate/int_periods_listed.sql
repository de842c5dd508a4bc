-- Grain: one row per month P from the first month of any data to the as-of month, with end(P) and
-- the snapshot each feed contributes to P: the latest periode not after P (carried forward); for
-- the registry the snapshot of int_registri_snapshots_listed (DTKS or DTSEN) and its source.
WITH bounds AS (
  SELECT semua AS first_month, date_trunc('month', {{as_of}})::DATE AS last_month
  FROM int_feed_first_months
),

months AS (
  SELECT unnest(generate_series(first_month, last_month, INTERVAL 1 MONTH))::DATE AS period_start
  FROM bounds
),

registri_snapshots AS (
  SELECT periode, sumber FROM int_registri_snapshots_listed
),

bpjs_kesehatan_snapshots AS (
  SELECT DISTINCT periode FROM stg_bpjs_kesehatan__peserta
),

bpjs_ketenagakerjaan_snapshots AS (
  SELECT DISTINCT periode FROM stg_bpjs_ketenagakerjaan__peserta
),

with_registri AS (
  SELECT m.period_start, r.periode AS registri_periode, r.sumber AS registri_sumber
  FROM months AS m
  ASOF LEFT JOIN registri_snapshots AS r ON m.period_start >= r.periode
),

with_kesehatan AS (
  SELECT m.*, k.periode AS kes_periode
  FROM with_registri AS m
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
    registri_periode,
    registri_sumber,
    kes_periode,
    tk_periode
  FROM with_ketenagakerjaan
)

SELECT * FROM final

-- Grain: one row per metric: how well the other feeds match the latest registry snapshot (DTKS or
-- DTSEN, int_registri_snapshots_listed; the metric names keep their first wording).
-- rujukan: distinct NIKs of the complaints; bpjs_*: rows of the latest snapshot of that feed;
-- pkh: distinct no_kk of the latest tahun. value = 100 × numerator / denominator (null when 0).
WITH dtks_latest AS (
  SELECT nik, no_kk
  FROM int_registri_individu_classified
  WHERE periode = (SELECT max(periode) FROM int_registri_snapshots_listed)
),

rujukan AS (
  SELECT 'rujukan_nik_in_dtks' AS metric,
    count(*) FILTER (WHERE nik IN (SELECT nik FROM dtks_latest)) AS numerator,
    count(*) AS denominator
  FROM (SELECT DISTINCT nik FROM stg_rujukan__rujukan)
),

kesehatan AS (
  SELECT 'bpjs_kesehatan_in_dtks' AS metric,
    count(*) FILTER (WHERE nik IN (SELECT nik FROM dtks_latest)),
    count(*)
  FROM stg_bpjs_kesehatan__peserta
  WHERE periode = (SELECT max(periode) FROM stg_bpjs_kesehatan__peserta)
),

ketenagakerjaan AS (
  SELECT 'bpjs_ketenagakerjaan_in_dtks' AS metric,
    count(*) FILTER (WHERE nik IN (SELECT nik FROM dtks_latest)),
    count(*)
  FROM stg_bpjs_ketenagakerjaan__peserta
  WHERE periode = (SELECT max(periode) FROM stg_bpjs_ketenagakerjaan__peserta)
),

pkh AS (
  SELECT 'pkh_in_dtks' AS metric,
    count(*) FILTER (WHERE no_kk IN (SELECT no_kk FROM dtks_latest)),
    count(*)
  FROM (
    SELECT DISTINCT no_kk FROM stg_pkh__penyaluran
    WHERE tahun = (SELECT max(tahun) FROM stg_pkh__penyaluran)
  )
),

metrics AS (
  SELECT * FROM rujukan
  UNION ALL SELECT * FROM kesehatan
  UNION ALL SELECT * FROM ketenagakerjaan
  UNION ALL SELECT * FROM pkh
)

SELECT
  metric,
  numerator::DOUBLE AS numerator,
  denominator::DOUBLE AS denominator,
  CASE WHEN denominator > 0 THEN 100.0 * numerator / denominator END AS value
FROM metrics

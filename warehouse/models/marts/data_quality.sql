-- Grain: one row per (sumber, periode, metric): how well the other feeds match each registry
-- snapshot (int_registri_snapshots_listed: DTKS or DTSEN; a DTSEN release is its periode, the lake
-- keeps no other release number), and the registry's own gaps (docs/indicators.md, "Data quality").
-- rujukan: distinct NIKs of the complaints; bpjs_*: rows of the feed's latest snapshot; pkh:
-- distinct no_kk of the latest tahun — each matched against the people (pkh: the households,
-- int_registri_keluarga_classified, so a DTSEN family row without members counts) of that
-- snapshot. keluarga_tanpa_desil: households of the snapshot without a desil.
-- anggota_tanpa_keluarga: DTSEN member rows without a family row in their release, for every
-- DTSEN release with member rows (one with member rows only is no snapshot and has this row alone).
-- value = 100 × numerator / denominator (null when 0).
WITH snapshots AS (
  SELECT periode, sumber FROM int_registri_snapshots_listed
),

rujukan_nik AS (
  SELECT DISTINCT nik FROM stg_rujukan__rujukan
),

kesehatan_nik AS (
  SELECT nik FROM stg_bpjs_kesehatan__peserta
  WHERE periode = (SELECT max(periode) FROM stg_bpjs_kesehatan__peserta)
),

ketenagakerjaan_nik AS (
  SELECT nik FROM stg_bpjs_ketenagakerjaan__peserta
  WHERE periode = (SELECT max(periode) FROM stg_bpjs_ketenagakerjaan__peserta)
),

pkh_kk AS (
  SELECT DISTINCT no_kk FROM stg_pkh__penyaluran
  WHERE tahun = (SELECT max(tahun) FROM stg_pkh__penyaluran)
),

-- the feeds' NIKs, each once, with the feeds it is in: one join of every person-snapshot
-- (int_registri_individu_classified: one row per (periode, nik)) for the three feeds
nik_feeds AS (
  SELECT
    nik,
    bool_or(feed = 'rujukan') AS rujukan,
    bool_or(feed = 'kesehatan') AS kesehatan,
    bool_or(feed = 'ketenagakerjaan') AS ketenagakerjaan
  FROM (
    SELECT nik, 'rujukan' AS feed FROM rujukan_nik
    UNION ALL SELECT nik, 'kesehatan' FROM kesehatan_nik
    UNION ALL SELECT nik, 'ketenagakerjaan' FROM ketenagakerjaan_nik
  )
  GROUP BY nik
),

-- a feed's keys matched against the people (or households: int_registri_keluarga_classified,
-- one row per (periode, no_kk)) of every snapshot; feed keys are distinct, so each counts once
found_nik AS (
  SELECT
    o.periode,
    count(*) FILTER (WHERE f.rujukan) AS rujukan_nik_in_registri,
    count(*) FILTER (WHERE f.kesehatan) AS bpjs_kesehatan_in_registri,
    count(*) FILTER (WHERE f.ketenagakerjaan) AS bpjs_ketenagakerjaan_in_registri
  FROM int_registri_individu_classified AS o
  JOIN nik_feeds AS f USING (nik)
  GROUP BY o.periode
),

found AS (
  SELECT metric, periode, n
  FROM (UNPIVOT found_nik ON COLUMNS(* EXCLUDE (periode)) INTO NAME metric VALUE n)
  UNION ALL
  SELECT 'pkh_in_registri', o.periode, count(*)
  FROM pkh_kk AS f JOIN int_registri_keluarga_classified AS o USING (no_kk) GROUP BY ALL
),

totals AS (
  SELECT 'rujukan_nik_in_registri' AS metric, count(*) AS n FROM rujukan_nik
  UNION ALL SELECT 'bpjs_kesehatan_in_registri', count(*) FROM kesehatan_nik
  UNION ALL SELECT 'bpjs_ketenagakerjaan_in_registri', count(*) FROM ketenagakerjaan_nik
  UNION ALL SELECT 'pkh_in_registri', count(*) FROM pkh_kk
),

matched AS (
  SELECT t.metric, s.periode, coalesce(f.n, 0) AS numerator, t.n AS denominator
  FROM snapshots AS s
  CROSS JOIN totals AS t
  LEFT JOIN found AS f ON f.metric = t.metric AND f.periode = s.periode
),

tanpa_desil AS (
  SELECT 'keluarga_tanpa_desil' AS metric, periode,
    count(*) FILTER (WHERE desil IS NULL) AS numerator,
    count(*) AS denominator
  FROM int_registri_keluarga_classified
  GROUP BY periode
),

tanpa_keluarga AS (
  SELECT 'anggota_tanpa_keluarga' AS metric, a.periode,
    count(*) FILTER (WHERE k.no_kk IS NULL) AS numerator,
    count(*) AS denominator
  FROM stg_dtsen__anggota AS a
  LEFT JOIN stg_dtsen__keluarga AS k ON k.periode = a.periode AND k.no_kk = a.no_kk
  GROUP BY a.periode
),

metrics AS (
  SELECT s.sumber, m.* FROM matched AS m JOIN snapshots AS s USING (periode)
  UNION ALL
  SELECT s.sumber, m.* FROM tanpa_desil AS m JOIN snapshots AS s USING (periode)
  UNION ALL
  SELECT 'DTSEN', m.* FROM tanpa_keluarga AS m
)

SELECT
  sumber,
  strftime(periode, '%Y-%m') AS periode,
  metric,
  numerator::DOUBLE AS numerator,
  denominator::DOUBLE AS denominator,
  CASE WHEN denominator > 0 THEN 100.0 * numerator / denominator END AS value
FROM metrics

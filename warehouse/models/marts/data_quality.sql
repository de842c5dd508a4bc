-- Grain: one row per (sumber, periode, metric): how well the other feeds match each registry
-- snapshot (int_registri_snapshots_listed: DTKS or DTSEN; a DTSEN release is its periode, the lake
-- keeps no other release number), and the registry's own gaps (docs/indicators.md, "Data quality").
-- rujukan: distinct NIKs of the complaints; bpjs_*: rows of the feed's latest snapshot; pkh:
-- distinct no_kk of the latest tahun — each matched against the people of that snapshot.
-- keluarga_tanpa_desil: households of the snapshot without a desil. anggota_tanpa_keluarga: DTSEN
-- member rows without a family row in their release, for every DTSEN release with member rows
-- (one with member rows only is no snapshot and has this row alone).
-- value = 100 × numerator / denominator (null when 0).
WITH snapshots AS (
  SELECT periode, sumber FROM int_registri_snapshots_listed
),

orang AS (
  SELECT DISTINCT periode, nik FROM int_registri_individu_classified
),

kk AS (
  SELECT DISTINCT periode, no_kk FROM int_registri_individu_classified
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

-- a feed's keys matched against the people (or households) of every snapshot: feed keys are
-- distinct, and so are (periode, nik) and (periode, no_kk), so a join counts each key once
found AS (
  SELECT 'rujukan_nik_in_registri' AS metric, o.periode, count(*) AS n
  FROM rujukan_nik AS f JOIN orang AS o USING (nik) GROUP BY ALL
  UNION ALL
  SELECT 'bpjs_kesehatan_in_registri', o.periode, count(*)
  FROM kesehatan_nik AS f JOIN orang AS o USING (nik) GROUP BY ALL
  UNION ALL
  SELECT 'bpjs_ketenagakerjaan_in_registri', o.periode, count(*)
  FROM ketenagakerjaan_nik AS f JOIN orang AS o USING (nik) GROUP BY ALL
  UNION ALL
  SELECT 'pkh_in_registri', o.periode, count(*)
  FROM pkh_kk AS f JOIN kk AS o USING (no_kk) GROUP BY ALL
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

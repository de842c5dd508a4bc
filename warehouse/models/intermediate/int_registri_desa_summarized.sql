-- Grain: one row per (registry periode, kode_desa): people in the snapshot and, for a DTKS
-- snapshot, those verified in the 12 months up to its end (DTSEN: null, BPS verifies DTSEN).
WITH individu AS (
  SELECT periode, sumber, kode_desa, terverifikasi FROM int_registri_individu_classified
),

summarized AS (
  SELECT
    periode,
    kode_desa,
    count(*) AS individu,
    CASE WHEN any_value(sumber) = 'DTKS' THEN count(*) FILTER (WHERE terverifikasi) END
      AS terverifikasi
  FROM individu
  GROUP BY periode, kode_desa
)

SELECT * FROM summarized

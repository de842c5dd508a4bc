-- Grain: one row per (DTKS periode, kode_desa): people in the snapshot and those verified.
WITH individu AS (
  SELECT periode, kode_desa, terverifikasi FROM int_dtks_individu_classified
),

summarized AS (
  SELECT
    periode,
    kode_desa,
    count(*) AS individu,
    count(*) FILTER (WHERE terverifikasi) AS terverifikasi
  FROM individu
  GROUP BY ALL
)

SELECT * FROM summarized

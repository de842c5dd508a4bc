-- Grain: one row per registry snapshot (docs/registry.md, "One registry"): a month with a DTKS
-- snapshot or a DTSEN release that has family rows; when both have one in the same month, DTSEN.
-- periode_sebelumnya: the latest snapshot of either source strictly before it (null: the first).
WITH dtks AS (
  SELECT DISTINCT periode, 'DTKS' AS sumber FROM stg_dtks__individu
),

-- a DTSEN periode is a snapshot only when it has family rows (members alone are not)
dtsen AS (
  SELECT DISTINCT periode, 'DTSEN' AS sumber FROM stg_dtsen__keluarga
),

chosen AS (
  SELECT periode, sumber FROM dtsen
  UNION ALL
  SELECT periode, sumber FROM dtks ANTI JOIN dtsen USING (periode)
),

listed AS (
  SELECT
    periode,
    sumber,
    lag(periode) OVER (ORDER BY periode) AS periode_sebelumnya
  FROM chosen
)

SELECT * FROM listed

-- Grain: one row per (periode, no_kk) of the DTSEN releases that are registry snapshots: the family
-- with its desa and its desil in the ranking the programme rules choose (desil_varian).
WITH snapshots AS (
  SELECT periode FROM int_registri_snapshots_listed WHERE sumber = 'DTSEN'
),

aturan AS (
  SELECT desil_varian FROM stg_aturan__program
),

keluarga AS (
  SELECT k.*
  FROM stg_dtsen__keluarga AS k
  SEMI JOIN snapshots AS s ON s.periode = k.periode
),

resolved AS (
  SELECT
    k.periode,
    k.no_kk,
    k.kode_desa,
    CASE a.desil_varian
      WHEN 'provinsi' THEN k.desil_provinsi
      WHEN 'kabupaten_kota' THEN k.desil_kabupaten_kota
      ELSE k.desil_nasional
    END AS desil
  FROM keluarga AS k
  CROSS JOIN aturan AS a
)

SELECT * FROM resolved

-- Grain: one row per area of the served region at every level: its desa and kecamatan, the region
-- itself and its ancestors. These areas get indicator rows even without data.
WITH wilayah AS (
  SELECT * FROM stg_wilayah__wilayah
),

region AS (
  SELECT {{region}} AS region_code
),

served AS (
  SELECT w.level, w.code AS area_code
  FROM wilayah AS w, region AS r
  WHERE w.code = r.region_code
    OR starts_with(w.code, r.region_code || '.')
    OR starts_with(r.region_code, w.code || '.')
)

SELECT * FROM served

-- Grain: one row per area of the whole country (provinsi, kabupaten, kecamatan, desa).
WITH wilayah AS (
  SELECT * FROM stg_wilayah__wilayah
)

SELECT code, name, level, parent_code FROM wilayah ORDER BY code

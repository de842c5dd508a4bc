-- Grain: one row per area of the whole country (idn-area-data), all four levels.
-- materialized: table
WITH provinsi AS (
  SELECT code, name, NULL::VARCHAR AS parent_code
  FROM read_csv({{wilayah:provinces}}, header = true, all_varchar = true)
),

kabupaten AS (
  SELECT code, name, province_code AS parent_code
  FROM read_csv({{wilayah:regencies}}, header = true, all_varchar = true)
),

kecamatan AS (
  SELECT code, name, regency_code AS parent_code
  FROM read_csv({{wilayah:districts}}, header = true, all_varchar = true)
),

desa AS (
  SELECT code, name, district_code AS parent_code
  FROM read_csv({{wilayah:villages}}, header = true, all_varchar = true)
),

unioned AS (
  SELECT code, name, 'provinsi' AS level, parent_code FROM provinsi
  UNION ALL SELECT code, name, 'kabupaten', parent_code FROM kabupaten
  UNION ALL SELECT code, name, 'kecamatan', parent_code FROM kecamatan
  UNION ALL SELECT code, name, 'desa', parent_code FROM desa
)

SELECT * FROM unioned

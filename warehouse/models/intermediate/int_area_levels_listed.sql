-- Grain: one row per area level. A dotted code's prefix of code_length characters is its ancestor
-- at that level (62.03.01.1010 → 62.03.01 → 62.03 → 62), which is how every rollup finds parents.
WITH levels AS (
  SELECT * FROM (VALUES
    ('desa', 13, 4),
    ('kecamatan', 8, 3),
    ('kabupaten', 5, 2),
    ('provinsi', 2, 1)
  ) AS t(level, code_length, level_order)
)

SELECT * FROM levels

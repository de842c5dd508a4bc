-- Grain: one row per programme rule (docs/registry.md, "Programme rules, as data"): the value this
-- warehouse was built with, the default of warehouse/programme-rules.json, and who changed the
-- rules last, when and why (null: the defaults are in force).
WITH aturan AS (
  SELECT * FROM stg_aturan__program
),

rules AS (
  SELECT 'desil_varian' AS rule, desil_varian AS value, default_desil_varian AS default_value, 1 AS ord
  FROM aturan
  UNION ALL SELECT 'pbi_jk.desil_maks', pbi_jk_desil_maks::VARCHAR,
    default_pbi_jk_desil_maks::VARCHAR, 2 FROM aturan
  UNION ALL SELECT 'pkh.desil_maks', pkh_desil_maks::VARCHAR, default_pkh_desil_maks::VARCHAR, 3
    FROM aturan
  UNION ALL SELECT 'bpu.desil_maks', bpu_desil_maks::VARCHAR, default_bpu_desil_maks::VARCHAR, 4
    FROM aturan
)

SELECT r.rule, r.value, r.default_value, a.changed_by, a.changed_at, a.reason
FROM rules AS r
CROSS JOIN aturan AS a
ORDER BY r.ord

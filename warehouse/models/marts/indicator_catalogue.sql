-- Grain: one row per indicator: the metadata of warehouse/catalogue.json (the formulas are the
-- models; labels, units, directions, default targets, the feeds each is computed from and where
-- the consumers show it (gap_column, cakupan_map, desa_trend, …) are data: warehouse/README.md).
-- Labels and descriptions that carry a
-- band name the band in force: `{pbi_jk}`, `{pkh}`, `{bpu}` become "desil 1–5" ("deciles 1–5"),
-- from the programme rules this warehouse is built with.
WITH catalogue AS (
  SELECT * FROM read_json({{catalogue}}, format = 'array', columns = {
    id: 'VARCHAR', label_id: 'VARCHAR', label_en: 'VARCHAR', unit: 'VARCHAR',
    direction: 'VARCHAR', default_target: 'DOUBLE', category: 'VARCHAR',
    description_id: 'VARCHAR', description_en: 'VARCHAR', sort_order: 'INTEGER',
    feeds: 'VARCHAR[]', gap_column: 'INTEGER', cakupan_map: 'BOOLEAN', desa_trend: 'INTEGER',
    inclusion_column: 'INTEGER', agenda_gap: 'BOOLEAN', agency_field: 'VARCHAR',
    rujukan_trend: 'BOOLEAN', area_count: 'BOOLEAN', starts_with: 'VARCHAR',
    registry_source: 'VARCHAR', action_list: 'VARCHAR'
  })
),

bands AS (
  SELECT
    programme,
    CASE WHEN maks = 1 THEN 'desil 1' ELSE 'desil 1–' || maks END AS band_id,
    CASE WHEN maks = 1 THEN 'decile 1' ELSE 'deciles 1–' || maks END AS band_en
  FROM (
    SELECT 'pbi_jk' AS programme, pbi_jk_desil_maks AS maks FROM stg_aturan__program
    UNION ALL SELECT 'pkh', pkh_desil_maks FROM stg_aturan__program
    UNION ALL SELECT 'bpu', bpu_desil_maks FROM stg_aturan__program
  )
),

band_text AS (
  SELECT
    max(band_id) FILTER (WHERE programme = 'pbi_jk') AS pbi_id,
    max(band_en) FILTER (WHERE programme = 'pbi_jk') AS pbi_en,
    max(band_id) FILTER (WHERE programme = 'pkh') AS pkh_id,
    max(band_en) FILTER (WHERE programme = 'pkh') AS pkh_en,
    max(band_id) FILTER (WHERE programme = 'bpu') AS bpu_id,
    max(band_en) FILTER (WHERE programme = 'bpu') AS bpu_en
  FROM bands
),

rendered AS (
  SELECT
    c.* REPLACE (
      replace(replace(replace(c.label_id, '{pbi_jk}', b.pbi_id), '{pkh}', b.pkh_id),
        '{bpu}', b.bpu_id) AS label_id,
      replace(replace(replace(c.label_en, '{pbi_jk}', b.pbi_en), '{pkh}', b.pkh_en),
        '{bpu}', b.bpu_en) AS label_en,
      replace(replace(replace(c.description_id, '{pbi_jk}', b.pbi_id), '{pkh}', b.pkh_id),
        '{bpu}', b.bpu_id) AS description_id,
      replace(replace(replace(c.description_en, '{pbi_jk}', b.pbi_en), '{pkh}', b.pkh_en),
        '{bpu}', b.bpu_en) AS description_en
    )
  FROM catalogue AS c
  CROSS JOIN band_text AS b
)

SELECT * FROM rendered ORDER BY sort_order

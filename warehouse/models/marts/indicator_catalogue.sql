-- Grain: one row per indicator: the metadata of warehouse/catalogue.json (the formulas are the
-- models; labels, units, directions, default targets, the feeds each is computed from and where
-- the consumers show it (gap_column, cakupan_map, desa_trend, …) are data: warehouse/README.md).
WITH catalogue AS (
  SELECT * FROM read_json({{catalogue}}, format = 'array', columns = {
    id: 'VARCHAR', label_id: 'VARCHAR', label_en: 'VARCHAR', unit: 'VARCHAR',
    direction: 'VARCHAR', default_target: 'DOUBLE', category: 'VARCHAR',
    description_id: 'VARCHAR', description_en: 'VARCHAR', sort_order: 'INTEGER',
    feeds: 'VARCHAR[]', gap_column: 'INTEGER', cakupan_map: 'BOOLEAN', desa_trend: 'INTEGER',
    inclusion_column: 'INTEGER', agenda_gap: 'BOOLEAN', agency_field: 'VARCHAR',
    rujukan_trend: 'BOOLEAN', area_count: 'BOOLEAN'
  })
)

SELECT * FROM catalogue ORDER BY sort_order

-- Grain: one row per indicator: the metadata of warehouse/catalogue.json (the formulas are the
-- models; labels, units, directions, default targets and the feeds each is computed from are
-- data).
WITH catalogue AS (
  SELECT * FROM read_json({{catalogue}}, format = 'array', columns = {
    id: 'VARCHAR', label_id: 'VARCHAR', label_en: 'VARCHAR', unit: 'VARCHAR',
    direction: 'VARCHAR', default_target: 'DOUBLE', category: 'VARCHAR',
    description_id: 'VARCHAR', description_en: 'VARCHAR', sort_order: 'INTEGER',
    feeds: 'VARCHAR[]'
  })
)

SELECT * FROM catalogue ORDER BY sort_order

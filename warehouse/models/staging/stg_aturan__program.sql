-- Grain: one row: the programme rules in force (docs/registry.md, "Programme rules, as data"): the
-- desil ranking programmes use and the highest desil of each band, the defaults of
-- warehouse/programme-rules.json, and who changed them, when and why (null: the defaults).
WITH source AS (
  SELECT * FROM {{aturan_program}}
),

renamed AS (
  SELECT
    desil_varian::VARCHAR AS desil_varian,
    pbi_jk_desil_maks::INTEGER AS pbi_jk_desil_maks,
    pkh_desil_maks::INTEGER AS pkh_desil_maks,
    bpu_desil_maks::INTEGER AS bpu_desil_maks,
    default_desil_varian::VARCHAR AS default_desil_varian,
    default_pbi_jk_desil_maks::INTEGER AS default_pbi_jk_desil_maks,
    default_pkh_desil_maks::INTEGER AS default_pkh_desil_maks,
    default_bpu_desil_maks::INTEGER AS default_bpu_desil_maks,
    changed_by::VARCHAR AS changed_by,
    changed_at::TIMESTAMPTZ AS changed_at,
    reason::VARCHAR AS reason
  FROM source
)

SELECT * FROM renamed

-- Grain: one row: the default premiums of indicators.md (Rupiah per person per month) and the
-- highest desil the JKN gap counts (gap_jkn_sasaran: the `pbi_jk` band of the programme rules).
-- premi_pbi: JKN class III PBI contribution since 2020; premi_bpu: JKK 10.000 + JKM 6.800.
WITH defaults AS (
  SELECT 42000::DOUBLE AS premi_pbi, 16800::DOUBLE AS premi_bpu, r.pbi_jk_desil_maks AS max_desil
  FROM stg_aturan__program AS r
)

SELECT * FROM defaults

-- Grain: one row: the default premiums of indicators.md (Rupiah per person per month).
-- premi_pbi: JKN class III PBI contribution since 2020; premi_bpu: JKK 10.000 + JKM 6.800.
WITH defaults AS (
  SELECT 42000::DOUBLE AS premi_pbi, 16800::DOUBLE AS premi_bpu
)

SELECT * FROM defaults

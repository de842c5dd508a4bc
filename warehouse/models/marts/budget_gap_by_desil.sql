-- Grain: one row per (period, level, area_code, program, desil) with jumlah > 0: program 'jkn' =
-- registry people without active JKN (any desil), 'bpu' = workers of the vulnerable kinds (aged
-- 18–59, informal occupations) without active BPJS-TK, at any desil; desil is the person's registry
-- desil (DTKS own, DTSEN the family's in the variant of the rules; null = unknown). Months as for
-- gap_jkn_sasaran / gap_bpu; the indicators count the rows within their band.
WITH periods AS (
  SELECT * FROM int_periods_listed
),

jkn AS (
  SELECT p.period, 'jkn' AS program, c.kode_desa, c.desil, c.tanpa_jkn AS jumlah
  FROM periods AS p
  JOIN int_cakupan_jkn_summarized AS c
    ON c.registri_periode = p.registri_periode
    AND c.kes_periode IS NOT DISTINCT FROM p.kes_periode
  SEMI JOIN int_indicator_periods_listed AS ip
    ON ip.period = p.period AND ip.indicator_id = 'gap_jkn_sasaran'
),

bpu AS (
  SELECT p.period, 'bpu' AS program, c.kode_desa, c.desil, c.tanpa_bpu AS jumlah
  FROM periods AS p
  JOIN int_cakupan_bpu_summarized AS c
    ON c.registri_periode = p.registri_periode
    AND c.tk_periode IS NOT DISTINCT FROM p.tk_periode
  SEMI JOIN int_indicator_periods_listed AS ip
    ON ip.period = p.period AND ip.indicator_id = 'gap_bpu'
),

rolled_up AS (
  SELECT
    g.period,
    l.level,
    left(g.kode_desa, l.code_length) AS area_code,
    g.program,
    g.desil,
    sum(g.jumlah)::INTEGER AS jumlah
  FROM (SELECT * FROM jkn UNION ALL SELECT * FROM bpu) AS g
  CROSS JOIN int_area_levels_listed AS l
  GROUP BY ALL
  HAVING sum(g.jumlah) > 0
)

SELECT * FROM rolled_up

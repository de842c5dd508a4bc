-- a BPJS snapshot holds a NIK twice (the coverage models rely on one row per periode and nik)
WITH registri AS (
  SELECT
    periode,
    count(*) AS individu,
    count(*) FILTER (WHERE pekerja_informal) AS pekerja
  FROM int_registri_individu_classified
  GROUP BY ALL
),

jkn AS (
  SELECT registri_periode, kes_periode AS member_periode, sum(individu) AS matched
  FROM int_cakupan_jkn_summarized
  GROUP BY ALL
),

bpu AS (
  SELECT registri_periode, tk_periode AS member_periode, sum(pekerja) AS matched
  FROM int_cakupan_bpu_summarized
  GROUP BY ALL
)

SELECT 'bpjs_kesehatan' AS feed, jkn.member_periode, jkn.matched, registri.individu AS expected
FROM jkn JOIN registri ON registri.periode = jkn.registri_periode
WHERE jkn.matched <> registri.individu
UNION ALL
SELECT 'bpjs_ketenagakerjaan', bpu.member_periode, bpu.matched, registri.pekerja
FROM bpu JOIN registri ON registri.periode = bpu.registri_periode
WHERE bpu.matched <> registri.pekerja

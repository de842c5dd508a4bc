-- a BPJS snapshot holds a NIK twice (the coverage models rely on one row per periode and nik)
WITH dtks AS (
  SELECT
    periode,
    count(*) AS individu,
    count(*) FILTER (WHERE pekerja_rentan) AS pekerja_rentan
  FROM int_dtks_individu_classified
  GROUP BY ALL
),

jkn AS (
  SELECT dtks_periode, kes_periode AS member_periode, sum(individu) AS matched
  FROM int_cakupan_jkn_summarized
  GROUP BY ALL
),

bpu AS (
  SELECT dtks_periode, tk_periode AS member_periode, sum(pekerja_rentan) AS matched
  FROM int_cakupan_bpu_summarized
  GROUP BY ALL
)

SELECT 'bpjs_kesehatan' AS feed, jkn.member_periode, jkn.matched, dtks.individu AS expected
FROM jkn JOIN dtks ON dtks.periode = jkn.dtks_periode
WHERE jkn.matched <> dtks.individu
UNION ALL
SELECT 'bpjs_ketenagakerjaan', bpu.member_periode, bpu.matched, dtks.pekerja_rentan
FROM bpu JOIN dtks ON dtks.periode = bpu.dtks_periode
WHERE bpu.matched <> dtks.pekerja_rentan

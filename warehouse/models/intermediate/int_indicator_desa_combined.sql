-- Grain: one row per (indicator_id, period, kode_desa) of every additive non-referral indicator,
-- for the periods it exists: numerator and denominator per desa (counts: denominator 0). Every desa
-- of the served region is present (zeros); desa elsewhere only where a record names them.
-- Snapshot aggregates are computed once per snapshot (pair) and attached here to the months using it.
WITH periods AS (
  SELECT * FROM int_periods_listed
),

dtks AS (
  SELECT p.period, d.kode_desa, d.individu, d.terverifikasi
  FROM periods AS p
  JOIN int_dtks_desa_summarized AS d ON d.periode = p.dtks_periode
),

penduduk AS (
  SELECT p.period, n.kode_desa, n.jumlah_penduduk
  FROM periods AS p
  JOIN int_penduduk_tahun_resolved AS n ON n.tahun = p.tahun
),

jkn AS (
  SELECT
    p.period,
    c.kode_desa,
    sum(c.individu) AS individu,
    sum(c.pbi_aktif) AS pbi_aktif,
    coalesce(sum(c.tanpa_jkn) FILTER (WHERE c.desil BETWEEN 1 AND 4), 0) AS tanpa_jkn_desil14
  FROM periods AS p
  JOIN int_cakupan_jkn_summarized AS c
    ON c.dtks_periode = p.dtks_periode AND c.kes_periode = p.kes_periode
  GROUP BY ALL
),

bpu AS (
  SELECT
    p.period,
    c.kode_desa,
    sum(c.pekerja_rentan) AS pekerja_rentan,
    sum(c.bpu_aktif) AS bpu_aktif,
    sum(c.tanpa_bpu) AS tanpa_bpu
  FROM periods AS p
  JOIN int_cakupan_bpu_summarized AS c
    ON c.dtks_periode = p.dtks_periode AND c.tk_periode = p.tk_periode
  GROUP BY ALL
),

pkh AS (
  SELECT p.period, c.kode_desa, c.keluarga_layak, c.menerima
  FROM periods AS p
  JOIN int_cakupan_pkh_summarized AS c ON c.dtks_periode = p.dtks_periode AND c.tahun = p.tahun
),

uhc AS (
  SELECT p.period, u.kode_desa, u.peserta_aktif
  FROM periods AS p
  JOIN int_bpjs_kesehatan_desa_summarized AS u ON u.periode = p.kes_periode
),

pbi_luar AS (
  SELECT p.period, l.kode_desa, l.pbi_luar_dtks
  FROM periods AS p
  JOIN int_pbi_luar_dtks_summarized AS l
    ON l.kes_periode = p.kes_periode AND l.dtks_periode = p.dtks_periode
),

-- every desa of the reference counts once in the denominator; the served region's desa always,
-- desa elsewhere when the register names them
puskesos_desa AS (
  SELECT area_code AS kode_desa FROM int_region_areas_listed WHERE level = 'desa'
  UNION
  SELECT kode_desa FROM stg_puskesos__puskesos
),

puskesos AS (
  SELECT
    p.period,
    d.kode_desa,
    count(r.kode_desa) FILTER (
      WHERE r.status = 'AKTIF' AND (r.tanggal_sk IS NULL OR r.tanggal_sk <= p.period_end)
    ) AS aktif
  FROM periods AS p
  CROSS JOIN puskesos_desa AS d
  LEFT JOIN stg_puskesos__puskesos AS r ON r.kode_desa = d.kode_desa
  GROUP BY ALL
),

measures AS (
  SELECT 'dtks_individu' AS indicator_id, period, kode_desa, individu AS numerator, 0 AS denominator FROM dtks
  UNION ALL SELECT 'dtks_verifikasi_pct', period, kode_desa, terverifikasi, individu FROM dtks
  UNION ALL SELECT 'dtks_penduduk_pct', period, kode_desa, individu, 0 FROM dtks
  UNION ALL SELECT 'dtks_penduduk_pct', period, kode_desa, 0, jumlah_penduduk FROM penduduk
  UNION ALL SELECT 'pbi_dtks_pct', period, kode_desa, pbi_aktif, individu FROM jkn
  UNION ALL SELECT 'gap_jkn_desil14', period, kode_desa, tanpa_jkn_desil14, 0 FROM jkn
  UNION ALL SELECT 'anggaran_pbi_apbd', period, kode_desa, tanpa_jkn_desil14, 0 FROM jkn
  UNION ALL SELECT 'uhc_pct', period, kode_desa, peserta_aktif, 0 FROM uhc
  UNION ALL SELECT 'uhc_pct', period, kode_desa, 0, jumlah_penduduk FROM penduduk
  UNION ALL SELECT 'bpu_rentan_pct', period, kode_desa, bpu_aktif, pekerja_rentan FROM bpu
  UNION ALL SELECT 'gap_bpu', period, kode_desa, tanpa_bpu, 0 FROM bpu
  UNION ALL SELECT 'anggaran_bpu', period, kode_desa, tanpa_bpu, 0 FROM bpu
  UNION ALL SELECT 'pkh_pct', period, kode_desa, menerima, keluarga_layak FROM pkh
  UNION ALL SELECT 'gap_pkh', period, kode_desa, keluarga_layak - menerima, 0 FROM pkh
  UNION ALL SELECT 'pbi_luar_dtks', period, kode_desa, pbi_luar_dtks, 0 FROM pbi_luar
  UNION ALL SELECT 'puskesos_desa_pct', period, kode_desa, aktif, 1 FROM puskesos
),

existing AS (
  SELECT m.*
  FROM measures AS m
  SEMI JOIN int_indicator_periods_listed AS ip USING (indicator_id, period)
),

region_spine AS (
  SELECT ip.indicator_id, ip.period, a.area_code AS kode_desa, 0 AS numerator, 0 AS denominator
  FROM int_indicator_periods_listed AS ip
  CROSS JOIN int_region_areas_listed AS a
  WHERE a.level = 'desa' AND ip.indicator_id NOT LIKE 'rujukan\_%' ESCAPE '\'
),

combined AS (
  SELECT
    indicator_id,
    period,
    kode_desa,
    sum(numerator)::DOUBLE AS numerator,
    sum(denominator)::DOUBLE AS denominator
  FROM (SELECT * FROM existing UNION ALL SELECT * FROM region_spine)
  GROUP BY ALL
)

SELECT * FROM combined

-- Grain: one row per (indicator_id, period, kode_desa) of every additive non-referral indicator,
-- for the periods it exists: numerator and denominator per desa (counts: denominator 0). Every desa
-- of the served region is present (zeros); desa elsewhere only where a record names them.
-- Snapshot aggregates are computed once per snapshot (pair) and attached here to the months using it.
WITH periods AS (
  SELECT * FROM int_periods_listed
),

aturan AS (
  SELECT * FROM stg_aturan__program
),

registri AS (
  SELECT p.period, d.kode_desa, d.individu, d.terverifikasi
  FROM periods AS p
  JOIN int_registri_desa_summarized AS d ON d.periode = p.registri_periode
),

penduduk AS (
  SELECT p.period, n.kode_desa, n.jumlah_penduduk
  FROM periods AS p
  JOIN int_penduduk_tahun_resolved AS n ON n.tahun = p.tahun
),

-- the pbi_jk band (desil known and ≤ desil_maks) applied to the per-desil counts
jkn AS (
  SELECT
    p.period,
    c.kode_desa,
    coalesce(sum(c.individu) FILTER (WHERE c.desil BETWEEN 1 AND a.pbi_jk_desil_maks), 0)
      AS sasaran,
    coalesce(sum(c.pbi_aktif) FILTER (WHERE c.desil BETWEEN 1 AND a.pbi_jk_desil_maks), 0)
      AS sasaran_pbi_aktif,
    coalesce(sum(c.tanpa_jkn) FILTER (WHERE c.desil BETWEEN 1 AND a.pbi_jk_desil_maks), 0)
      AS sasaran_tanpa_jkn
  FROM periods AS p
  JOIN int_cakupan_jkn_summarized AS c
    ON c.registri_periode = p.registri_periode
    AND c.kes_periode IS NOT DISTINCT FROM p.kes_periode
  CROSS JOIN aturan AS a
  GROUP BY ALL
),

-- vulnerable workers: the workers of int_cakupan_bpu_summarized in the bpu band
bpu AS (
  SELECT
    p.period,
    c.kode_desa,
    coalesce(sum(c.pekerja) FILTER (WHERE c.desil BETWEEN 1 AND a.bpu_desil_maks), 0)
      AS pekerja_rentan,
    coalesce(sum(c.bpu_aktif) FILTER (WHERE c.desil BETWEEN 1 AND a.bpu_desil_maks), 0)
      AS bpu_aktif,
    coalesce(sum(c.tanpa_bpu) FILTER (WHERE c.desil BETWEEN 1 AND a.bpu_desil_maks), 0)
      AS tanpa_bpu
  FROM periods AS p
  JOIN int_cakupan_bpu_summarized AS c
    ON c.registri_periode = p.registri_periode
    AND c.tk_periode IS NOT DISTINCT FROM p.tk_periode
  CROSS JOIN aturan AS a
  GROUP BY ALL
),

pkh AS (
  SELECT p.period, c.kode_desa, c.keluarga_layak, c.menerima
  FROM periods AS p
  JOIN int_cakupan_pkh_summarized AS c
    ON c.registri_periode = p.registri_periode AND c.tahun = p.tahun
),

jkn_peserta AS (
  SELECT p.period, u.kode_desa, u.peserta, u.peserta_aktif
  FROM periods AS p
  JOIN int_bpjs_kesehatan_desa_summarized AS u ON u.periode = p.kes_periode
),

pbi_luar AS (
  SELECT p.period, l.kode_desa, l.pbi_luar_sasaran
  FROM periods AS p
  JOIN int_pbi_luar_sasaran_summarized AS l
    ON l.kes_periode = p.kes_periode
    AND l.registri_periode IS NOT DISTINCT FROM p.registri_periode
),

keluar AS (
  SELECT p.period, k.kode_desa, k.keluar
  FROM periods AS p
  JOIN int_registri_keluar_summarized AS k ON k.periode = p.registri_periode
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
  SELECT 'registri_individu' AS indicator_id, period, kode_desa, individu AS numerator, 0 AS denominator FROM registri
  UNION ALL SELECT 'registri_verifikasi_pct', period, kode_desa, terverifikasi, individu FROM registri
  UNION ALL SELECT 'registri_penduduk_pct', period, kode_desa, individu, 0 FROM registri
  UNION ALL SELECT 'registri_penduduk_pct', period, kode_desa, 0, jumlah_penduduk FROM penduduk
  UNION ALL SELECT 'pbi_sasaran_pct', period, kode_desa, sasaran_pbi_aktif, sasaran FROM jkn
  UNION ALL SELECT 'gap_jkn_sasaran', period, kode_desa, sasaran_tanpa_jkn, 0 FROM jkn
  UNION ALL SELECT 'anggaran_pbi_apbd', period, kode_desa, sasaran_tanpa_jkn, 0 FROM jkn
  UNION ALL SELECT 'uhc_pct', period, kode_desa, peserta, 0 FROM jkn_peserta
  UNION ALL SELECT 'uhc_pct', period, kode_desa, 0, jumlah_penduduk FROM penduduk
  UNION ALL SELECT 'jkn_aktif_pct', period, kode_desa, peserta_aktif, peserta FROM jkn_peserta
  UNION ALL SELECT 'bpu_rentan_pct', period, kode_desa, bpu_aktif, pekerja_rentan FROM bpu
  UNION ALL SELECT 'gap_bpu', period, kode_desa, tanpa_bpu, 0 FROM bpu
  UNION ALL SELECT 'anggaran_bpu', period, kode_desa, tanpa_bpu, 0 FROM bpu
  UNION ALL SELECT 'pkh_pct', period, kode_desa, menerima, keluarga_layak FROM pkh
  UNION ALL SELECT 'gap_pkh', period, kode_desa, keluarga_layak - menerima, 0 FROM pkh
  UNION ALL SELECT 'pbi_luar_sasaran', period, kode_desa, pbi_luar_sasaran, 0 FROM pbi_luar
  UNION ALL SELECT 'keluar_sasaran_pbi', period, kode_desa, keluar, 0 FROM keluar
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

-- Grain: one row per (list_id, period, kode_desa, pseudonym) for the dashboard's default period
-- (warehouse_meta.latest_period): the people (or households) a gap indicator counts in a desa,
-- pseudonymised, with what a verification needs (docs/indicators.md, "Action lists"). The rows
-- are exactly those counted by the desa figure of the indicator whose catalogue `action_list`
-- names the list (check daftar_aksi_matches_indicator): each list below repeats the filter of
-- the model that counts it, on the same snapshot (pair) the period uses.
--   sasaran_tanpa_jkn  = gap_jkn_sasaran    (int_cakupan_jkn_summarized, tanpa_jkn in the pbi_jk band)
--   pbi_luar_sasaran   = pbi_luar_sasaran   (int_pbi_luar_sasaran_summarized)
--   keluar_sasaran_pbi = keluar_sasaran_pbi (int_registri_keluar_summarized)
--   rentan_tanpa_bpjs_tk = gap_bpu          (int_cakupan_bpu_summarized, tanpa_bpu in the bpu band)
--   layak_pkh_belum_menerima = gap_pkh      (int_cakupan_pkh_summarized, keluarga_layak − menerima)
-- pseudonym: the lake's NIK (persons) or no_kk (households) pseudonym as text (pseudonym_text),
-- never a raw value.
WITH latest AS (
  SELECT value AS period FROM warehouse_meta WHERE key = 'latest_period'
),

periods AS (
  SELECT p.* FROM int_periods_listed AS p SEMI JOIN latest AS l ON l.period = p.period
),

aturan AS (
  SELECT * FROM stg_aturan__program
),

-- individu and kesehatan: NOT MATERIALIZED, so each list filters the snapshot as it reads it
-- instead of DuckDB copying the whole snapshot into a CTE table first (half this model's time).
individu AS NOT MATERIALIZED (
  SELECT
    i.*,
    CASE
      WHEN i.umur IS NULL THEN NULL
      WHEN i.umur <= 6 THEN '0-6'
      WHEN i.umur <= 17 THEN '7-17'
      WHEN i.umur <= 59 THEN '18-59'
      ELSE '60+'
    END AS kelompok_umur
  FROM int_registri_individu_classified AS i
  SEMI JOIN periods AS p ON p.registri_periode = i.periode
),

kesehatan AS NOT MATERIALIZED (
  SELECT k.*
  FROM stg_bpjs_kesehatan__peserta AS k
  SEMI JOIN periods AS p ON p.kes_periode = k.periode
),

-- registry people in the pbi_jk band with no active JKN membership (any segment)
sasaran_tanpa_jkn AS (
  SELECT
    'sasaran_tanpa_jkn' AS list_id,
    p.period,
    i.kode_desa,
    i.nik AS pseudonym,
    'individu' AS jenis,
    i.kelompok_umur,
    i.desil,
    coalesce(k.segmen || ' ' || k.status, 'TIDAK_TERDAFTAR') AS program,
    strftime(i.periode, '%Y-%m') AS sejak
  FROM periods AS p
  JOIN individu AS i ON i.periode = p.registri_periode
  CROSS JOIN aturan AS a
  LEFT JOIN kesehatan AS k ON k.periode = p.kes_periode AND k.nik = i.nik
  WHERE i.desil BETWEEN 1 AND a.pbi_jk_desil_maks
    AND (k.nik IS NULL OR k.status <> 'AKTIF')
),

-- active PBI members absent from the registry snapshot, or with a known desil above the band;
-- in the desa of the BPJS row
pbi_luar_sasaran AS (
  SELECT
    'pbi_luar_sasaran' AS list_id,
    p.period,
    k.kode_desa,
    k.nik AS pseudonym,
    'individu' AS jenis,
    i.kelompok_umur,
    i.desil,
    k.segmen || CASE WHEN i.nik IS NULL THEN ' TIDAK_DI_REGISTRI' ELSE ' DI_ATAS_BAND' END
      AS program,
    strftime(k.periode, '%Y-%m') AS sejak
  FROM periods AS p
  JOIN kesehatan AS k ON k.periode = p.kes_periode
  CROSS JOIN aturan AS a
  LEFT JOIN individu AS i ON i.periode = p.registri_periode AND i.nik = k.nik
  WHERE k.status = 'AKTIF' AND k.segmen IN ('PBI_APBN', 'PBI_APBD')
    AND (i.nik IS NULL OR i.desil > a.pbi_jk_desil_maks)
),

-- people in the band in the previous snapshot, now in this one with a known desil above it
sebelumnya AS (
  SELECT s.periode, s.periode_sebelumnya, i.nik, i.desil
  FROM int_registri_snapshots_listed AS s
  SEMI JOIN periods AS p ON p.registri_periode = s.periode
  JOIN int_registri_individu_classified AS i ON i.periode = s.periode_sebelumnya
  WHERE i.sasaran_pbi
),

keluar_sasaran_pbi AS (
  SELECT
    'keluar_sasaran_pbi' AS list_id,
    p.period,
    i.kode_desa,
    i.nik AS pseudonym,
    'individu' AS jenis,
    i.kelompok_umur,
    i.desil,
    'DESIL_SEBELUMNYA ' || coalesce(b.desil::VARCHAR, '-') AS program,
    strftime(i.periode, '%Y-%m') AS sejak
  FROM periods AS p
  JOIN individu AS i ON i.periode = p.registri_periode
  JOIN sebelumnya AS b ON b.periode = i.periode AND b.nik = i.nik
  CROSS JOIN aturan AS a
  WHERE i.desil > a.pbi_jk_desil_maks
),

-- vulnerable workers (informal occupations, 18–59, in the bpu band) with no active BPJS-TK
rentan_tanpa_bpjs_tk AS (
  SELECT
    'rentan_tanpa_bpjs_tk' AS list_id,
    p.period,
    i.kode_desa,
    i.nik AS pseudonym,
    'individu' AS jenis,
    i.kelompok_umur,
    i.desil,
    i.pekerjaan AS program,
    strftime(i.periode, '%Y-%m') AS sejak
  FROM periods AS p
  JOIN individu AS i ON i.periode = p.registri_periode
  CROSS JOIN aturan AS a
  WHERE i.pekerja_informal AND i.desil BETWEEN 1 AND a.bpu_desil_maks
    AND NOT EXISTS (
      SELECT 1 FROM stg_bpjs_ketenagakerjaan__peserta AS t
      WHERE t.periode = p.tk_periode AND t.nik = i.nik AND t.status = 'AKTIF'
    )
),

-- PKH-eligible households with no SALUR row for their no_kk in the period's year
layak_pkh_belum_menerima AS (
  SELECT
    'layak_pkh_belum_menerima' AS list_id,
    p.period,
    h.kode_desa,
    h.no_kk AS pseudonym,
    'keluarga' AS jenis,
    NULL::VARCHAR AS kelompok_umur,
    h.desil,
    'PKH ' || p.tahun AS program,
    strftime(h.periode, '%Y-%m') AS sejak
  FROM periods AS p
  JOIN int_registri_keluarga_classified AS h ON h.periode = p.registri_periode
  WHERE h.layak_pkh
    AND NOT EXISTS (
      SELECT 1 FROM stg_pkh__penyaluran AS t
      WHERE t.tahun = p.tahun AND t.no_kk = h.no_kk AND t.status_salur = 'SALUR'
    )
),

unioned AS (
  SELECT * FROM sasaran_tanpa_jkn
  UNION ALL SELECT * FROM pbi_luar_sasaran
  UNION ALL SELECT * FROM keluar_sasaran_pbi
  UNION ALL SELECT * FROM rentan_tanpa_bpjs_tk
  UNION ALL SELECT * FROM layak_pkh_belum_menerima
)

-- Stored by list and desa, the API's filter (each page reads the row groups of its desa); the API
-- orders a desa's rows itself, so they are not sorted further (sorting the pseudonyms too cost
-- about a fifth of this model's time at 50x demo scale).
SELECT * REPLACE (pseudonym_text(pseudonym) AS pseudonym)
FROM unioned
ORDER BY list_id, kode_desa

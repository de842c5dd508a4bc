-- Grain: one row per (periode, nik) of a registry snapshot (int_registri_snapshots_listed): the
-- person with what the indicators ask of them. DTKS: the row's own kode_desa and desil. DTSEN: a
-- member row whose family row exists in that release, in the family's kode_desa with the family's
-- desil (int_dtsen_keluarga_resolved); a member without a family row is not in the registry.
-- Ages and verification are taken on end() of the snapshot month (last day, or the as-of date if
-- earlier), so they depend on the snapshot only and are computed once per snapshot. The bands are
-- those of the programme rules in force (stg_aturan__program): desil known and ≤ desil_maks.
WITH snapshots AS (
  SELECT periode, sumber FROM int_registri_snapshots_listed
),

aturan AS (
  SELECT * FROM stg_aturan__program
),

dtks AS (
  SELECT
    d.periode,
    'DTKS' AS sumber,
    d.id_dtks,
    d.nik,
    d.no_kk,
    d.kode_desa,
    d.desil,
    d.tanggal_lahir,
    d.hubungan_keluarga,
    d.disabilitas,
    d.hamil,
    d.pekerjaan,
    d.tanggal_verifikasi
  FROM stg_dtks__individu AS d
  SEMI JOIN snapshots AS s ON s.periode = d.periode AND s.sumber = 'DTKS'
),

dtsen AS (
  SELECT
    a.periode,
    'DTSEN' AS sumber,
    NULL::VARCHAR AS id_dtks,
    a.nik,
    a.no_kk,
    k.kode_desa,
    k.desil,
    a.tanggal_lahir,
    a.hubungan_keluarga,
    a.disabilitas,
    a.hamil,
    a.pekerjaan,
    NULL::DATE AS tanggal_verifikasi
  FROM stg_dtsen__anggota AS a
  JOIN int_dtsen_keluarga_resolved AS k ON k.periode = a.periode AND k.no_kk = a.no_kk
),

individu AS (
  SELECT * FROM dtks
  UNION ALL
  SELECT * FROM dtsen
),

aged AS (
  SELECT
    *,
    date_sub('year', tanggal_lahir, least(last_day(periode), {{as_of}})) AS umur,
    least(last_day(periode), {{as_of}}) AS akhir_snapshot
  FROM individu
),

classified AS (
  SELECT
    i.periode,
    i.sumber,
    i.id_dtks,
    i.nik,
    i.no_kk,
    i.kode_desa,
    i.desil,
    i.umur,
    i.pekerjaan,
    i.hubungan_keluarga = 'KEPALA_KELUARGA' AS kepala_keluarga,
    coalesce(
      i.tanggal_verifikasi BETWEEN i.akhir_snapshot - INTERVAL 365 DAY AND i.akhir_snapshot,
      false
    ) AS terverifikasi,
    -- in the PBI-JK band (sasaran PBI)
    coalesce(i.desil BETWEEN 1 AND r.pbi_jk_desil_maks, false) AS sasaran_pbi,
    -- a worker of the vulnerable kinds at any desil (the budget tables list every desil) ...
    coalesce(
      i.umur BETWEEN 18 AND 59
        AND i.pekerjaan IN ('PETANI', 'NELAYAN', 'BURUH_HARIAN', 'PEDAGANG', 'PEKERJA_INFORMAL'),
      false
    ) AS pekerja_informal,
    -- ... and a vulnerable worker (pekerja rentan) when also in the bpu band
    coalesce(
      i.umur BETWEEN 18 AND 59
        AND i.pekerjaan IN ('PETANI', 'NELAYAN', 'BURUH_HARIAN', 'PEDAGANG', 'PEKERJA_INFORMAL')
        AND i.desil BETWEEN 1 AND r.bpu_desil_maks,
      false
    ) AS pekerja_rentan,
    -- a PKH component: child 0–6, school age 7–18, pregnant, severe disability, or elderly 60+
    coalesce(
      i.umur BETWEEN 0 AND 18 OR i.hamil = 'YA' OR i.disabilitas = 'BERAT' OR i.umur >= 60,
      false
    ) AS komponen_pkh
  FROM aged AS i
  CROSS JOIN aturan AS r
)

SELECT * FROM classified

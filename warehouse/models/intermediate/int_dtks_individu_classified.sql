-- Grain: one row per (periode, nik) of DTKS: the person with what the indicators ask of them.
-- Ages and verification are taken on end() of the snapshot month (last day, or the as-of date if
-- earlier), so they depend on the snapshot only and are computed once per snapshot.
WITH individu AS (
  SELECT * FROM stg_dtks__individu
),

snapshot_end AS (
  SELECT
    *,
    least(last_day(periode), {{as_of}}) AS akhir_snapshot
  FROM individu
),

aged AS (
  SELECT
    *,
    date_sub('year', tanggal_lahir, akhir_snapshot) AS umur
  FROM snapshot_end
),

classified AS (
  SELECT
    periode,
    id_dtks,
    nik,
    no_kk,
    kode_desa,
    desil,
    hubungan_keluarga = 'KEPALA_KELUARGA' AS kepala_keluarga,
    coalesce(
      tanggal_verifikasi BETWEEN akhir_snapshot - INTERVAL 365 DAY AND akhir_snapshot,
      false
    ) AS terverifikasi,
    coalesce(
      umur BETWEEN 18 AND 59
        AND pekerjaan IN ('PETANI', 'NELAYAN', 'BURUH_HARIAN', 'PEDAGANG', 'PEKERJA_INFORMAL'),
      false
    ) AS pekerja_rentan,
    -- a PKH component: child 0–6, school age 7–18, pregnant, severe disability, or elderly 60+
    coalesce(
      umur BETWEEN 0 AND 18 OR hamil = 'YA' OR disabilitas = 'BERAT' OR umur >= 60,
      false
    ) AS komponen_pkh
  FROM aged
)

SELECT * FROM classified

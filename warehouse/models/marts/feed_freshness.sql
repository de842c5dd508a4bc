-- Grain: one row per feed: its newest period in the lake (periode; 1 January of the newest tahun;
-- for rujukan the newest update date in WIB; for puskesos the newest tanggal_sk) and its rows
-- (rujukan: complaints, latest versions; dtsen: family and member rows, dated by the families).
-- A feed never received: null and 0.
WITH feeds AS (
  SELECT 'penduduk' AS feed, make_date(max(tahun), 1, 1) AS newest_period, count(*) AS rows
  FROM stg_penduduk__penduduk
  UNION ALL
  SELECT 'dtks', max(periode), count(*) FROM stg_dtks__individu
  UNION ALL
  -- a release is dated by its family rows; rows: families and members together
  SELECT 'dtsen', (SELECT max(periode) FROM stg_dtsen__keluarga),
    (SELECT count(*) FROM stg_dtsen__keluarga) + (SELECT count(*) FROM stg_dtsen__anggota)
  UNION ALL
  SELECT 'rujukan', max(timezone('Asia/Jakarta', diperbarui_pada))::DATE, count(*)
  FROM stg_rujukan__rujukan
  UNION ALL
  SELECT 'bpjs_kesehatan', max(periode), count(*) FROM stg_bpjs_kesehatan__peserta
  UNION ALL
  SELECT 'bpjs_ketenagakerjaan', max(periode), count(*) FROM stg_bpjs_ketenagakerjaan__peserta
  UNION ALL
  SELECT 'pkh', make_date(max(tahun), 1, 1), count(*) FROM stg_pkh__penyaluran
  UNION ALL
  SELECT 'puskesos', max(tanggal_sk), count(*) FROM stg_puskesos__puskesos
)

SELECT feed, newest_period, rows::BIGINT AS rows FROM feeds

-- Grain: one row: the first month each feed has data (null: never received), and the first month
-- of the warehouse (semua): registri is the first registry snapshot (DTKS or DTSEN),
-- registri_pendahulu the first snapshot that has a predecessor (keluar_sasaran_pbi).
WITH rujukan AS (
  SELECT min(date_trunc('month', tanggal_keluhan))::DATE AS bulan FROM stg_rujukan__rujukan
),

registri AS (
  SELECT min(periode) AS bulan, min(periode) FILTER (WHERE periode_sebelumnya IS NOT NULL) AS kedua
  FROM int_registri_snapshots_listed
),

bpjs_kesehatan AS (
  SELECT min(periode) AS bulan FROM stg_bpjs_kesehatan__peserta
),

bpjs_ketenagakerjaan AS (
  SELECT min(periode) AS bulan FROM stg_bpjs_ketenagakerjaan__peserta
),

pkh AS (
  SELECT make_date(min(tahun), 1, 1) AS bulan FROM stg_pkh__penyaluran
),

puskesos AS (
  SELECT count(*) > 0 AS ada FROM stg_puskesos__puskesos
),

as_of_month AS (
  SELECT date_trunc('month', {{as_of}})::DATE AS bulan
),

first_months AS (
  SELECT
    rujukan.bulan AS rujukan,
    registri.bulan AS registri,
    registri.kedua AS registri_pendahulu,
    bpjs_kesehatan.bulan AS bpjs_kesehatan,
    bpjs_ketenagakerjaan.bulan AS bpjs_ketenagakerjaan,
    pkh.bulan AS pkh,
    -- the first month of the monthly feeds (least() skips nulls); PKH is yearly, so its January
    -- only counts when no monthly feed exists; the as-of month when nothing exists
    coalesce(
      least(rujukan.bulan, registri.bulan, bpjs_kesehatan.bulan, bpjs_ketenagakerjaan.bulan),
      least(pkh.bulan, as_of_month.bulan),
      as_of_month.bulan
    ) AS semua,
    -- the register has no period: it applies to every month of the warehouse
    CASE WHEN puskesos.ada THEN semua END AS puskesos
  FROM rujukan, registri, bpjs_kesehatan, bpjs_ketenagakerjaan, pkh, puskesos, as_of_month
)

SELECT * FROM first_months

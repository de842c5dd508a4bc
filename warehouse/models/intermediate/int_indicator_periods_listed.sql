-- Grain: one row per (indicator_id, period) for which the indicator exists (docs/registry.md,
-- "Readings"): referral indicators from the first complaint month; the registry-based ones from
-- the first registry snapshot (a secondary input that has not started yet counts as empty);
-- uhc_pct, jkn_aktif_pct and pbi_luar_sasaran from the first BPJS Kesehatan snapshot;
-- keluar_sasaran_pbi from the first snapshot with a predecessor; all up to the as-of month.
-- registri_verifikasi_pct has no rows in months served by a DTSEN snapshot (BPS verifies DTSEN).
WITH periods AS (
  SELECT period, period_start, registri_sumber FROM int_periods_listed
),

first_months AS (
  UNPIVOT (SELECT rujukan, registri, registri_pendahulu, bpjs_kesehatan FROM int_feed_first_months)
  ON rujukan, registri, registri_pendahulu, bpjs_kesehatan
  INTO NAME feed VALUE first_month
),

starts_with AS (
  SELECT * FROM (VALUES
    ('rujukan_masuk', 'rujukan'),
    ('rujukan_selesai_pct', 'rujukan'),
    ('rujukan_median_hari', 'rujukan'),
    ('rujukan_tunggakan', 'rujukan'),
    ('rujukan_sla_pct', 'rujukan'),
    ('registri_individu', 'registri'),
    ('registri_penduduk_pct', 'registri'),
    ('registri_verifikasi_pct', 'registri'),
    ('pbi_sasaran_pct', 'registri'),
    ('uhc_pct', 'bpjs_kesehatan'),
    ('jkn_aktif_pct', 'bpjs_kesehatan'),
    ('bpu_rentan_pct', 'registri'),
    ('pkh_pct', 'registri'),
    ('puskesos_desa_pct', 'registri'),
    ('gap_jkn_sasaran', 'registri'),
    ('gap_bpu', 'registri'),
    ('gap_pkh', 'registri'),
    ('pbi_luar_sasaran', 'bpjs_kesehatan'),
    ('keluar_sasaran_pbi', 'registri_pendahulu'),
    ('anggaran_pbi_apbd', 'registri'),
    ('anggaran_bpu', 'registri')
  ) AS t(indicator_id, feed)
),

starts AS (
  SELECT s.indicator_id, f.first_month
  FROM starts_with AS s
  JOIN first_months AS f USING (feed)
),

indicator_periods AS (
  SELECT s.indicator_id, p.period, p.period_start
  FROM starts AS s
  JOIN periods AS p ON p.period_start >= s.first_month
  WHERE NOT (s.indicator_id = 'registri_verifikasi_pct' AND p.registri_sumber = 'DTSEN')
)

SELECT * FROM indicator_periods

-- Grain: one row per (indicator_id, period) for which the indicator exists (docs/registry.md,
-- "Readings"), from the first month of the input it starts with (catalogue `starts_with`):
-- referral indicators from the first complaint month; the registry-based ones from the first
-- registry snapshot (a secondary input that has not started yet counts as empty); uhc_pct,
-- jkn_aktif_pct and pbi_luar_sasaran from the first BPJS Kesehatan snapshot; keluar_sasaran_pbi
-- from the first snapshot with a predecessor; all up to the as-of month. An indicator of one
-- registry source (catalogue `registry_source`: registri_verifikasi_pct, DTKS) has no rows in
-- months served by the other (BPS verifies DTSEN).
WITH periods AS (
  SELECT period, period_start, registri_sumber FROM int_periods_listed
),

first_months AS (
  UNPIVOT (SELECT rujukan, registri, registri_pendahulu, bpjs_kesehatan FROM int_feed_first_months)
  ON rujukan, registri, registri_pendahulu, bpjs_kesehatan
  INTO NAME feed VALUE first_month
),

starts AS (
  SELECT c.id AS indicator_id, c.registry_source, f.first_month
  FROM indicator_catalogue AS c
  JOIN first_months AS f ON f.feed = c.starts_with
),

indicator_periods AS (
  SELECT s.indicator_id, p.period, p.period_start
  FROM starts AS s
  JOIN periods AS p ON p.period_start >= s.first_month
  WHERE s.registry_source IS NULL OR s.registry_source = p.registri_sumber
)

SELECT * FROM indicator_periods

-- Grain: one row per (indicator_id, period) for which the indicator exists: referral indicators
-- from the first complaint month, the others from the first month all the feeds they read have a
-- snapshot (latest snapshot carried forward), all up to the as-of month.
WITH periods AS (
  SELECT period, period_start FROM int_periods_listed
),

first_months AS (
  UNPIVOT int_feed_first_months
  ON rujukan, dtks, bpjs_kesehatan, bpjs_ketenagakerjaan, pkh, puskesos
  INTO NAME feed VALUE first_month
),

needs AS (
  SELECT * FROM (VALUES
    ('rujukan_masuk', 'rujukan'),
    ('rujukan_selesai_pct', 'rujukan'),
    ('rujukan_median_hari', 'rujukan'),
    ('rujukan_tunggakan', 'rujukan'),
    ('rujukan_sla_pct', 'rujukan'),
    ('dtks_individu', 'dtks'),
    ('dtks_penduduk_pct', 'dtks'),
    ('dtks_verifikasi_pct', 'dtks'),
    ('pbi_dtks_pct', 'dtks'),
    ('pbi_dtks_pct', 'bpjs_kesehatan'),
    ('uhc_pct', 'bpjs_kesehatan'),
    ('bpu_rentan_pct', 'dtks'),
    ('bpu_rentan_pct', 'bpjs_ketenagakerjaan'),
    ('pkh_pct', 'dtks'),
    ('pkh_pct', 'pkh'),
    ('puskesos_desa_pct', 'puskesos'),
    ('gap_jkn_desil14', 'dtks'),
    ('gap_jkn_desil14', 'bpjs_kesehatan'),
    ('gap_bpu', 'dtks'),
    ('gap_bpu', 'bpjs_ketenagakerjaan'),
    ('gap_pkh', 'dtks'),
    ('gap_pkh', 'pkh'),
    ('pbi_luar_dtks', 'bpjs_kesehatan'),
    ('pbi_luar_dtks', 'dtks'),
    ('anggaran_pbi_apbd', 'dtks'),
    ('anggaran_pbi_apbd', 'bpjs_kesehatan'),
    ('anggaran_bpu', 'dtks'),
    ('anggaran_bpu', 'bpjs_ketenagakerjaan')
  ) AS t(indicator_id, feed)
),

starts AS (
  SELECT
    n.indicator_id,
    max(f.first_month) AS first_month,
    count(f.first_month) = count(*) AS all_feeds_present
  FROM needs AS n
  LEFT JOIN first_months AS f USING (feed)
  GROUP BY n.indicator_id
),

indicator_periods AS (
  SELECT s.indicator_id, p.period, p.period_start
  FROM starts AS s
  JOIN periods AS p ON p.period_start >= s.first_month
  WHERE s.all_feeds_present
)

SELECT * FROM indicator_periods

-- Grain: one row per (complaint, period, peran): peran 'masuk' in the month it was received,
-- 'selesai' in the month it was resolved (SELESAI only, with hari), 'terbuka' in every referral
-- month at whose end(P) it was open (with umur on end(P)). Open at a past date D: received by D and
-- not closed by D (tanggal_selesai null or after D), whatever its status today.
WITH rujukan AS (
  SELECT * FROM stg_rujukan__rujukan
),

periods AS (
  SELECT p.period, p.period_end
  FROM int_periods_listed AS p
  SEMI JOIN int_indicator_periods_listed AS ip
    ON ip.period = p.period AND ip.indicator_id = 'rujukan_tunggakan'
),

masuk AS (
  SELECT
    strftime(tanggal_keluhan, '%Y-%m') AS period,
    'masuk' AS peran,
    id_rujukan, kode_desa, kategori, kanal, lembaga_tujuan, status,
    NULL::INTEGER AS hari,
    NULL::INTEGER AS umur
  FROM rujukan
),

selesai AS (
  SELECT
    strftime(tanggal_selesai, '%Y-%m') AS period,
    'selesai' AS peran,
    id_rujukan, kode_desa, kategori, kanal, lembaga_tujuan, status,
    (tanggal_selesai - tanggal_keluhan)::INTEGER AS hari,
    NULL::INTEGER AS umur
  FROM rujukan
  WHERE status = 'SELESAI'
),

terbuka AS (
  SELECT
    p.period,
    'terbuka' AS peran,
    r.id_rujukan, r.kode_desa, r.kategori, r.kanal, r.lembaga_tujuan, r.status,
    NULL::INTEGER AS hari,
    (p.period_end - r.tanggal_keluhan)::INTEGER AS umur
  FROM periods AS p
  JOIN rujukan AS r
    ON r.tanggal_keluhan <= p.period_end
    AND (r.tanggal_selesai IS NULL OR r.tanggal_selesai > p.period_end)
),

unioned AS (
  SELECT * FROM masuk
  UNION ALL SELECT * FROM selesai
  UNION ALL SELECT * FROM terbuka
)

SELECT * FROM unioned

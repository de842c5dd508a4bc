-- Grain: one row per (indicator_id, period) for which the indicator exists: from the first month
-- all the feeds it reads (catalogue `feeds`) have data (referral indicators: the first complaint
-- month; snapshots: the latest one carried forward), all up to the as-of month.
WITH periods AS (
  SELECT period, period_start FROM int_periods_listed
),

-- the feeds with a first month (null: never received); penduduk is a yearly reference that
-- only fills denominators, so it does not decide when an indicator starts
first_months AS (
  SELECT feed, first_month
  FROM int_feed_first_months
  UNPIVOT INCLUDE NULLS (
    first_month FOR feed IN (rujukan, dtks, bpjs_kesehatan, bpjs_ketenagakerjaan, pkh, puskesos)
  )
),

-- the feeds an indicator reads: `feeds` of warehouse/catalogue.json
needs AS (
  SELECT c.indicator_id, c.feed
  FROM (SELECT id AS indicator_id, unnest(feeds) AS feed FROM indicator_catalogue) AS c
  SEMI JOIN first_months AS f USING (feed)
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

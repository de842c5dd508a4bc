-- Grain: one row per (level, area_code) with a gap in the period: people without JKN / BPJS-TK
-- (desil ≤ max_desil; max_desil NULL = every desil, unknown included) and their yearly cost.
-- The one place where cost = people × premium per month × 12 is written.
CREATE MACRO budget_simulation(period, premi_pbi, premi_bpu, max_desil) AS TABLE
WITH gaps AS (
  SELECT g.level, g.area_code, g.program, g.jumlah
  FROM budget_gap_by_desil AS g
  WHERE g.period = period AND (max_desil IS NULL OR g.desil <= max_desil)
),

people AS (
  SELECT
    level,
    area_code,
    coalesce(sum(jumlah) FILTER (WHERE program = 'jkn'), 0)::BIGINT AS people_jkn,
    coalesce(sum(jumlah) FILTER (WHERE program = 'bpu'), 0)::BIGINT AS people_bpu
  FROM gaps
  GROUP BY level, area_code
),

costed AS (
  SELECT
    level,
    area_code,
    people_jkn,
    people_bpu,
    people_jkn::DOUBLE * premi_pbi * 12 AS cost_pbi,
    people_bpu::DOUBLE * premi_bpu * 12 AS cost_bpu
  FROM people
)

SELECT *, cost_pbi + cost_bpu AS cost_total FROM costed

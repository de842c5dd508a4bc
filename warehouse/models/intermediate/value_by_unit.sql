-- Grain: a scalar macro, no rows. The one rule that turns an indicator's measure into the value
-- shown, by the catalogue's unit: count = the numerator; percent = 100 × numerator / denominator
-- (NULL when the denominator is 0); days = the median; rupiah = the cost. Used by
-- indicator_values and by a province's rollup of imported kabupaten figures (agregat-marts.ts).
CREATE TEMP MACRO value_by_unit(unit, numerator, denominator, median, cost) AS
  CASE unit
    WHEN 'count' THEN numerator
    WHEN 'percent' THEN CASE WHEN denominator > 0 THEN 100 * numerator / denominator END
    WHEN 'days' THEN median
    WHEN 'rupiah' THEN cost
  END

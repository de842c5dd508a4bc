-- A macro, not a table: checks that a lake NIK / no_kk is a pseudonym (32 hex characters of
-- HMAC-SHA256) and passes it through. A raw 16-digit NIK in the lake means a broken ETL: stop the
-- build rather than let it silently match nothing. (Reading the hex as a 128-bit number was tried
-- for cheaper joins: at 8 million people × 2 snapshots it cost more CPU than it saved.)
CREATE TEMP MACRO pseudonym_key(p) AS
  CASE
    WHEN p IS NULL OR length(p) = 32 THEN p
    ELSE error('lake NIK / no_kk values must be 32-hex pseudonyms; re-run the ETL on this lake')
  END

-- A macro, not a table: a lake NIK / no_kk as the pseudonym it must be, the first 128 bits of
-- the keyed HMAC-SHA256 as a UUID value (the ETL writes it so). A lake written before pseudonyms
-- were stored as UUID holds them as 32 hex characters: read as the same value. Anything else (a
-- raw 16-digit NIK means a broken ETL) stops the build rather than silently matching nothing.
-- On a UUID column the cast is no work at all.
CREATE TEMP MACRO pseudonym_key(p) AS
  CASE
    WHEN p IS NULL THEN NULL::UUID
    ELSE coalesce(
      TRY_CAST(p AS UUID),
      error('lake NIK / no_kk values must be 32-hex pseudonyms; re-run the ETL on this lake')
    )
  END

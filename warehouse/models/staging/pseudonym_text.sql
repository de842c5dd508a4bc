-- A macro, not a table: a pseudonym (pseudonym_key) as it leaves the warehouse, in the action
-- lists: 32 lower-case hex characters, the keyed HMAC-SHA256's first 32 hex digits.
CREATE TEMP MACRO pseudonym_text(p) AS replace(CAST(p AS VARCHAR), '-', '')

-- A province instance (docs/exchange.md, "Import"): the tokens with which a kabupaten/kota
-- instance pushes its aggregate package (POST /api/agregat/kirim). Created and revoked by an
-- ADMIN; only the SHA-256 of the token is kept (the token is shown once), so a copy of
-- app.duckdb (a backup) cannot push.
CREATE TABLE agregat_tokens (
  id VARCHAR PRIMARY KEY,
  kabupaten_code VARCHAR NOT NULL,
  token_hash VARCHAR NOT NULL UNIQUE,
  created_by VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  last_used_at TIMESTAMPTZ,
  revoked_by VARCHAR,
  revoked_at TIMESTAMPTZ
);

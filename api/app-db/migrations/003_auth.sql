-- Login, sessions and the audit log (issue 6). Passwords are scrypt hashes (node:crypto); a
-- session row holds only the SHA-256 of its cookie token, so a copy of app.duckdb (a backup)
-- cannot be replayed as a login.

CREATE SEQUENCE user_id;
CREATE TABLE users (
  id BIGINT PRIMARY KEY DEFAULT nextval('user_id'),
  username VARCHAR NOT NULL UNIQUE,
  password_hash VARCHAR NOT NULL,
  -- ADMIN, PIMPINAN, CAMAT, OPD, PUSKESOS
  role VARCHAR NOT NULL,
  -- CAMAT: its kecamatan code; PUSKESOS: its desa code; others null
  area_code VARCHAR,
  -- OPD: its agency (the lembaga_tujuan / owner_opd code, e.g. DINSOS); others null
  opd VARCHAR,
  display_name VARCHAR NOT NULL DEFAULT '',
  active BOOLEAN NOT NULL DEFAULT true,
  password_changed_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE TABLE sessions (
  token_hash VARCHAR PRIMARY KEY,
  user_id BIGINT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  expires_at TIMESTAMPTZ NOT NULL
);

-- Who did what: logins, failed logins, exports, ETL triggers, changes to users, targets,
-- meetings and actions. Never a password, never personal data of residents.
CREATE SEQUENCE audit_log_id;
CREATE TABLE audit_log (
  id BIGINT PRIMARY KEY DEFAULT nextval('audit_log_id'),
  logged_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  actor VARCHAR, -- username; null when unknown (a failed login names the attempted user in detail)
  action VARCHAR NOT NULL, -- e.g. LOGIN, LOGIN_GAGAL, LOGOUT, PASSWORD, USER_CREATE, ETL_RUN
  target VARCHAR,
  detail VARCHAR, -- JSON
  ip VARCHAR
);

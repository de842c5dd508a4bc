-- Pokja coordination (issue 5): target audit, meetings with their agenda, follow-up actions.
-- No foreign keys: DuckDB cannot update a row that a foreign key points at, and actions outlive
-- the meeting that opened them.

-- Every change of a target: old and new value (null = no row: catalogue default / removed).
CREATE SEQUENCE target_audit_id;
CREATE TABLE target_audit (
  id BIGINT PRIMARY KEY DEFAULT nextval('target_audit_id'),
  indicator_id VARCHAR NOT NULL,
  area_code VARCHAR,
  old_target DOUBLE,
  new_target DOUBLE,
  changed_by VARCHAR NOT NULL,
  changed_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE pokja_meeting_id;
CREATE TABLE pokja_meetings (
  id BIGINT PRIMARY KEY DEFAULT nextval('pokja_meeting_id'),
  kecamatan_code VARCHAR NOT NULL,
  tanggal DATE NOT NULL,
  tempat VARCHAR NOT NULL,
  opd_hadir VARCHAR NOT NULL, -- JSON array of OPD names
  catatan VARCHAR NOT NULL DEFAULT '',
  -- The data month the agenda was proposed from (the brief shows the same month).
  period VARCHAR NOT NULL,
  created_by VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

-- The agenda: proposed from the data on creation, then edited by the secretary (replaced whole).
CREATE SEQUENCE pokja_agenda_id;
CREATE TABLE pokja_agenda_items (
  id BIGINT PRIMARY KEY DEFAULT nextval('pokja_agenda_id'),
  meeting_id BIGINT NOT NULL,
  position INTEGER NOT NULL,
  kind VARCHAR NOT NULL, -- indikator | lembaga | desa | tindak_lanjut | lain
  ref VARCHAR,           -- indicator id, lembaga_tujuan, desa code or action id
  title VARCHAR NOT NULL,
  detail VARCHAR NOT NULL DEFAULT ''
);

CREATE SEQUENCE pokja_action_id;
CREATE TABLE pokja_actions (
  id BIGINT PRIMARY KEY DEFAULT nextval('pokja_action_id'),
  meeting_id BIGINT,
  kecamatan_code VARCHAR NOT NULL,
  area_code VARCHAR NOT NULL,
  indicator_id VARCHAR NOT NULL,
  title VARCHAR NOT NULL,
  owner_opd VARCHAR NOT NULL,
  due_date DATE NOT NULL,
  status VARCHAR NOT NULL, -- BARU | PROSES | SELESAI | BATAL
  -- The warehouse value of the linked indicator when the action was opened ("value then").
  baseline_period VARCHAR,
  baseline_value DOUBLE,
  created_by VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE pokja_comment_id;
CREATE TABLE pokja_action_comments (
  id BIGINT PRIMARY KEY DEFAULT nextval('pokja_comment_id'),
  action_id BIGINT NOT NULL,
  author VARCHAR NOT NULL,
  body VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

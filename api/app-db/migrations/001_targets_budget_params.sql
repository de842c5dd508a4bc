-- Targets set by an admin; area_code null = the default for the whole kabupaten.
CREATE TABLE targets (
  indicator_id VARCHAR NOT NULL,
  area_code VARCHAR,
  target DOUBLE NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  updated_by VARCHAR
);
CREATE UNIQUE INDEX targets_key ON targets (indicator_id, area_code);

-- Budget parameters (Rupiah per person per month); at most one row, absent = warehouse defaults.
CREATE TABLE budget_params (
  premi_pbi DOUBLE NOT NULL,
  premi_bpu DOUBLE NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  updated_by VARCHAR
);

/**
 * The value rules and reject reasons of the data contract, as SQL generated from the feed specs.
 *
 * Validation runs inside DuckDB, not row by row in JavaScript: a DTKS snapshot of a large
 * kabupaten has millions of rows and the nightly window is short. Each raw value is normalised by
 * a macro per value kind; the first broken rule (in the contract's order, then column order)
 * decides the row's reason. Pseudonyms are HMAC-SHA256 computed in SQL as well, so raw NIKs never
 * leave the ETL's scratch database.
 */
import type { ColumnSpec, FeedSpec } from './feeds.js';
import { sqlString } from '../warehouse/wilayah.js';

export const REJECT_REASONS = [
  'KOLOM_TIDAK_ADA',
  'KOLOM_WAJIB_KOSONG',
  'NIK_TIDAK_VALID',
  'KODE_WILAYAH_TIDAK_DIKENAL',
  'TANGGAL_TIDAK_VALID',
  'NILAI_TIDAK_DIKENAL',
  'DUPLIKAT',
  // Not in the contract's table: a file that cannot be read at all (corrupt .xlsx, binary data,
  // a first line over 1 MB). Recorded like KOLOM_TIDAK_ADA: line 0, the file adds no rows.
  'BERKAS_RUSAK',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

const CLOSED_STATUSES = ['SELESAI', 'DITOLAK'];

/** Macros shared by every feed: one per value kind, plus masking and the keyed pseudonym. */
export function macroSql(opts: { asOf: string; provinceCodes: string[]; key: Buffer }): string {
  const asOf = `DATE ${sqlString(opts.asOf)}`;
  const provinces = `[${opts.provinceCodes.map(sqlString).join(', ')}]`;
  const block = Buffer.alloc(64);
  const key = opts.key.length > 64 ? Buffer.alloc(0) : opts.key; // keys are 32 bytes (config)
  key.copy(block);
  const ipad = Buffer.from(block.map((b) => b ^ 0x36)).toString('hex');
  const opad = Buffer.from(block.map((b) => b ^ 0x5c)).toString('hex');
  return `
CREATE OR REPLACE MACRO etl_nik_clean(s) AS regexp_replace(regexp_replace(trim(s), '^''', ''), '[\\s.]', '', 'g');
CREATE OR REPLACE MACRO etl_nik(s) AS CASE
  WHEN regexp_full_match(etl_nik_clean(s), '[0-9]{16}') AND list_contains(${provinces}, substr(etl_nik_clean(s), 1, 2))
  THEN etl_nik_clean(s) END;
CREATE OR REPLACE MACRO etl_desa_format(s) AS CASE
  WHEN regexp_full_match(trim(s), '[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}') THEN trim(s)
  WHEN regexp_full_match(trim(s), '[0-9]{10}')
  THEN substr(trim(s), 1, 2) || '.' || substr(trim(s), 3, 2) || '.' || substr(trim(s), 5, 2) || '.' || substr(trim(s), 7, 4)
  END;
CREATE OR REPLACE MACRO etl_date_text(s) AS regexp_replace(trim(s), '[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?$', '');
CREATE OR REPLACE MACRO etl_date_parse(d) AS CAST(CASE
  WHEN regexp_full_match(d, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') THEN try_strptime(d, '%Y-%m-%d')
  WHEN regexp_full_match(d, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}') THEN try_strptime(d, '%d/%m/%Y')
  WHEN regexp_full_match(d, '[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}') THEN try_strptime(d, '%d-%m-%Y')
  END AS DATE);
CREATE OR REPLACE MACRO etl_in_range(d) AS CASE WHEN d BETWEEN DATE '1900-01-01' AND ${asOf} THEN d END;
CREATE OR REPLACE MACRO etl_date(s) AS etl_in_range(etl_date_parse(etl_date_text(s)));
CREATE OR REPLACE MACRO etl_ts_parse(t) AS CASE
  WHEN regexp_full_match(t, '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?')
  THEN try_cast(t AS TIMESTAMPTZ)
  WHEN regexp_full_match(t, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?')
  THEN CAST(try_strptime(t, ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y']) AS TIMESTAMPTZ)
  END;
CREATE OR REPLACE MACRO etl_ts(s) AS CASE
  WHEN etl_in_range(CAST(etl_ts_parse(trim(s)) AS DATE)) IS NOT NULL THEN etl_ts_parse(trim(s)) END;
CREATE OR REPLACE MACRO etl_periode_parse(t) AS CASE
  WHEN regexp_full_match(t, '[0-9]{4}-[0-9]{1,2}') THEN try_cast(t || '-01' AS DATE)
  WHEN regexp_full_match(t, '[0-9]{6}') THEN try_cast(substr(t, 1, 4) || '-' || substr(t, 5, 2) || '-01' AS DATE)
  WHEN regexp_full_match(t, '[0-9]{1,2}/[0-9]{4}') THEN CAST(try_strptime('01/' || t, '%d/%m/%Y') AS DATE)
  END;
CREATE OR REPLACE MACRO etl_periode(s) AS CASE
  WHEN etl_periode_parse(trim(s)) BETWEEN DATE '1900-01-01' AND date_trunc('month', ${asOf})
  THEN etl_periode_parse(trim(s)) END;
CREATE OR REPLACE MACRO etl_tahun(s) AS CASE
  WHEN regexp_full_match(trim(s), '[0-9]{4}') AND CAST(trim(s) AS INTEGER) BETWEEN 1900 AND year(${asOf})
  THEN CAST(trim(s) AS INTEGER) END;
CREATE OR REPLACE MACRO etl_int_text(s) AS regexp_replace(trim(s), '^[Rr][Pp]\\.?\\s*', '');
CREATE OR REPLACE MACRO etl_int(s) AS CASE
  WHEN regexp_full_match(etl_int_text(s), '[0-9]+') THEN try_cast(etl_int_text(s) AS BIGINT)
  WHEN regexp_full_match(etl_int_text(s), '[0-9]{1,3}(\\.[0-9]{3})+|[0-9]{1,3}(,[0-9]{3})+')
  THEN try_cast(regexp_replace(etl_int_text(s), '[.,]', '', 'g') AS BIGINT)
  END;
CREATE OR REPLACE MACRO etl_enum_key(s) AS regexp_replace(upper(trim(s)), '[\\s/-]+', '_', 'g');
CREATE OR REPLACE MACRO etl_mask(s) AS CASE
  WHEN length(regexp_replace(s, '[^0-9]', '', 'g')) < 7 THEN regexp_replace(s, '[0-9]', '*', 'g')
  ELSE array_to_string(list_transform(string_split(s, ''), (ch, i) -> CASE
    WHEN regexp_full_match(ch, '[0-9]') AND length(regexp_replace(substr(s, 1, i), '[^0-9]', '', 'g')) > 6
    THEN '*' ELSE ch END), '')
  END;
CREATE OR REPLACE MACRO etl_pseudo(v) AS CASE WHEN v IS NOT NULL THEN substr(sha256(
  unhex('${opad}') || unhex(sha256(unhex('${ipad}') || encode(v)))), 1, 32) END;
`;
}

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const emptyToNull = (col: string): string => `nullif(trim(${ident(col)}), '')`;

function enumExpr(col: ColumnSpec): string {
  const raw = emptyToNull(col.name);
  const key = `etl_enum_key(${raw})`;
  const synonyms = Object.entries(col.synonyms ?? {});
  // Synonyms are normalised exactly like values (contract: "normalised the same way").
  const mapped = synonyms.length
    ? `CASE ${key} ${synonyms
        .map(([from, to]) => `WHEN ${sqlString(normaliseEnumKey(from))} THEN ${sqlString(to)}`)
        .join(' ')} ELSE ${key} END`
    : key;
  const allowed = (col.values ?? []).map(sqlString).join(', ');
  const empty = col.emptyAs ? sqlString(col.emptyAs) : 'NULL';
  return `CASE WHEN ${raw} IS NULL THEN ${empty} WHEN (${mapped}) IN (${allowed}) THEN (${mapped}) END`;
}

/** JS twin of the SQL etl_enum_key, used only to prepare synonym literals. */
function normaliseEnumKey(value: string): string {
  return value
    .trim()
    .toUpperCase()
    .replace(/[\s/-]+/g, '_');
}

function normalisedExpr(col: ColumnSpec): string {
  const raw = emptyToNull(col.name);
  switch (col.kind) {
    case 'nik':
      return `etl_nik(${raw})`;
    case 'kode_desa':
      return `ref_${col.name}.code`;
    case 'date':
      return `etl_date(${raw})`;
    case 'timestamp':
      return `etl_ts(${raw})`;
    case 'periode':
      return `etl_periode(${raw})`;
    case 'tahun':
      return `etl_tahun(${raw})`;
    case 'integer':
      return `etl_int(${raw})`;
    case 'enum':
      return enumExpr(col);
    case 'text':
      return raw;
  }
}

type Rule = { reason: RejectReason; column: string; condition: string };

const RULE_ORDER: RejectReason[] = [
  'KOLOM_WAJIB_KOSONG',
  'NIK_TIDAK_VALID',
  'KODE_WILAYAH_TIDAK_DIKENAL',
  'TANGGAL_TIDAK_VALID',
  'NILAI_TIDAK_DIKENAL',
];

function ruleFor(reason: RejectReason, col: ColumnSpec, spec: FeedSpec): string | null {
  const raw = emptyToNull(col.name);
  const norm = `n_${col.name}`;
  const broken = `(${raw} IS NOT NULL AND ${norm} IS NULL)`;
  switch (reason) {
    case 'KOLOM_WAJIB_KOSONG':
      return col.required ? `${raw} IS NULL` : null;
    case 'NIK_TIDAK_VALID':
      return col.kind === 'nik' ? broken : null;
    case 'KODE_WILAYAH_TIDAK_DIKENAL':
      return col.kind === 'kode_desa' ? broken : null;
    case 'TANGGAL_TIDAK_VALID':
      if (spec.name === 'rujukan' && col.name === 'tanggal_selesai') return closedStatusRule();
      return ['date', 'timestamp', 'periode', 'tahun'].includes(col.kind) ? broken : null;
    case 'NILAI_TIDAK_DIKENAL':
      return col.kind === 'enum' || col.kind === 'integer' ? broken : null;
    default:
      return null;
  }
}

/** rujukan: a closed status needs tanggal_selesai ≥ tanggal_keluhan; on an open status it is ignored. */
function closedStatusRule(): string {
  const closed = CLOSED_STATUSES.map(sqlString).join(', ');
  return `(n_status IN (${closed}) AND (n_tanggal_selesai IS NULL OR n_tanggal_selesai < n_tanggal_keluhan))`;
}

export function rulesOf(spec: FeedSpec): Rule[] {
  const rules: Rule[] = [];
  for (const reason of RULE_ORDER) {
    for (const col of spec.columns) {
      const condition = ruleFor(reason, col, spec);
      if (condition) rules.push({ reason, column: col.name, condition });
    }
  }
  return rules;
}

/**
 * Table `checked_<feed>`: every raw row with its normalised values, the first broken rule
 * (`_reason`, `_column`, `_value`) and `_dup` (1 for the row that claims its key).
 */
export function checkSql(spec: FeedSpec, rawView: string): string {
  const rules = rulesOf(spec);
  const joins = spec.columns
    .filter((c) => c.kind === 'kode_desa')
    .map(
      (c) =>
        `LEFT JOIN ref_desa AS ref_${c.name} ON ref_${c.name}.code = etl_desa_format(${emptyToNull(c.name)})`,
    )
    .join('\n');
  const normalised = spec.columns.map((c) => `${normalisedExpr(c)} AS n_${c.name}`).join(',\n  ');
  const failIndex = `CASE ${rules.map((r, i) => `WHEN ${r.condition} THEN ${i + 1}`).join(' ')} END`;
  const reasons = `[${rules.map((r) => sqlString(r.reason)).join(', ')}]`;
  const columns = `[${rules.map((r) => sqlString(r.column)).join(', ')}]`;
  const values = `CASE _fail ${rules
    .map((r, i) => `WHEN ${i + 1} THEN ${rawValueExpr(spec, r.column)}`)
    .join(' ')} END`;
  const key = spec.key ? spec.key.map((k) => `n_${k}`).join(', ') : null;
  const dupColumn = spec.key ? dupColumnOf(spec) : null;
  const dup = key
    ? `CASE WHEN _fail IS NULL THEN row_number() OVER (PARTITION BY _fail IS NULL, ${key} ORDER BY _file_seq, _line) END`
    : `CASE WHEN _fail IS NULL THEN 1 END`;
  return `
CREATE OR REPLACE TABLE checked_${spec.name} AS
WITH normalised AS (
  SELECT raw.*,
  ${normalised}
  FROM ${rawView} AS raw
  ${joins}
), failed AS (
  SELECT *, ${failIndex} AS _fail FROM normalised
), deduplicated AS (
  SELECT *, ${dup} AS _dup FROM failed
)
SELECT *,
  CASE WHEN _fail IS NOT NULL THEN list_extract(${reasons}, _fail)
       WHEN _dup > 1 THEN 'DUPLIKAT' END AS _reason,
  CASE WHEN _fail IS NOT NULL THEN list_extract(${columns}, _fail)
       WHEN _dup > 1 THEN ${dupColumn ? sqlString(dupColumn) : 'NULL'} END AS _column,
  CASE WHEN _fail IS NOT NULL THEN ${values}
       WHEN _dup > 1 THEN ${dupColumn ? rawValueExpr(spec, dupColumn) : 'NULL'} END AS _value
FROM deduplicated`;
}

/** The identifying column named in a DUPLIKAT reject: the key column that is not a period. */
function dupColumnOf(spec: FeedSpec): string {
  const key = spec.key ?? [];
  const periodKinds = ['periode', 'tahun'];
  const named = key.filter(
    (k) => !periodKinds.includes(spec.columns.find((c) => c.name === k)?.kind ?? ''),
  );
  return named[named.length - 1] ?? key[key.length - 1] ?? '';
}

/** The offending value as recorded: NIK-like columns masked beyond six digits, long text cut. */
function rawValueExpr(spec: FeedSpec, column: string): string {
  const col = spec.columns.find((c) => c.name === column);
  const value = `left(${ident(column)}, 200)`;
  return col?.kind === 'nik' ? `etl_mask(${value})` : value;
}

/** The lake columns of a feed: normalised values; NIK and no_kk as keyed pseudonyms. */
export function lakeSelectList(spec: FeedSpec): string {
  return spec.columns
    .map((c) => {
      const n = `n_${c.name}`;
      if (c.kind === 'nik') return `etl_pseudo(${n}) AS ${c.name}`;
      if (spec.name === 'rujukan' && c.name === 'tanggal_selesai') {
        const closed = CLOSED_STATUSES.map(sqlString).join(', ');
        return `CASE WHEN n_status IN (${closed}) THEN ${n} END AS ${c.name}`;
      }
      if (c.kind === 'enum' && c.values?.every((v) => /^[0-9]+$/.test(v)))
        return `CAST(${n} AS INTEGER) AS ${c.name}`;
      return `${n} AS ${c.name}`;
    })
    .join(', ');
}

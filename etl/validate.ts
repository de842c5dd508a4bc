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
import { maskAllDigitsSql, maskValueSql } from '../warehouse/mask.js';
import { sqlIdentifier as ident, sqlString } from '../warehouse/wilayah.js';

export const REJECT_REASONS = [
  'KOLOM_TIDAK_ADA',
  // Not in the contract's table: a CSV line that cannot be split into the header's fields (a
  // quote never closed, text after a closing quote, another field count). Its first physical line
  // is rejected; reading resumes on the next one (etl/csv-lines.ts).
  'BARIS_RUSAK',
  'KOLOM_WAJIB_KOSONG',
  'NIK_TIDAK_VALID',
  'KODE_WILAYAH_TIDAK_DIKENAL',
  'TANGGAL_TIDAK_VALID',
  'NILAI_TIDAK_DIKENAL',
  'DUPLIKAT',
  // Not in the contract's table: a file that cannot be read at all (corrupt .xlsx, binary data,
  // a first line over 1 MB). Recorded like KOLOM_TIDAK_ADA: line 0, the file adds no rows.
  'BERKAS_RUSAK',
  // A file over a bound of what one file may cost (ETL_XLSX_MAX_*, etl/README.md): rejected whole.
  'BERKAS_TERLALU_BESAR',
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
-- The staged macros take trimmed, non-empty text (the check query's r_ layer): each value is
-- trimmed once. Fast paths skip regexp_replace (the costliest step at millions of rows) for clean
-- values.
CREATE OR REPLACE MACRO etl_nik_clean(s) AS CASE
  WHEN strpos(s, ' ') = 0 AND strpos(s, '.') = 0 AND strpos(s, '''') = 0 AND strpos(s, chr(9)) = 0 THEN s
  ELSE regexp_replace(regexp_replace(s, '^''', ''), '[\\s.]', '', 'g') END;
CREATE OR REPLACE MACRO etl_nik_province(t) AS CASE
  WHEN list_contains(${provinces}, substr(t, 1, 2)) THEN t END;
CREATE OR REPLACE MACRO etl_nik_parse(t) AS CASE
  WHEN regexp_full_match(t, '[0-9]{16}') THEN etl_nik_province(t) END;
CREATE OR REPLACE MACRO etl_desa_format(s) AS CASE
  WHEN regexp_full_match(s, '[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}') THEN s
  WHEN regexp_full_match(s, '[0-9]{10}')
  THEN substr(s, 1, 2) || '.' || substr(s, 3, 2) || '.' || substr(s, 5, 2) || '.' || substr(s, 7, 4)
  END;
CREATE OR REPLACE MACRO etl_date_text(s) AS CASE WHEN strpos(s, ':') = 0 THEN s
  ELSE regexp_replace(s, '[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?$', '') END;
CREATE OR REPLACE MACRO etl_date_parse(d) AS CAST(CASE
  WHEN regexp_full_match(d, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}') THEN try_cast(d AS DATE) -- strict, 2× faster than strptime
  WHEN regexp_full_match(d, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}') THEN try_strptime(d, '%d/%m/%Y')
  WHEN regexp_full_match(d, '[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}') THEN try_strptime(d, '%d-%m-%Y')
  END AS DATE);
CREATE OR REPLACE MACRO etl_date_range(d) AS CASE WHEN d BETWEEN DATE '1900-01-01' AND ${asOf} THEN d END;
CREATE OR REPLACE MACRO etl_ts_parse(t) AS CASE
  WHEN regexp_full_match(t, '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?')
  THEN try_cast(t AS TIMESTAMPTZ)
  WHEN regexp_full_match(t, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?')
  THEN CAST(try_strptime(t, ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y']) AS TIMESTAMPTZ)
  END;
CREATE OR REPLACE MACRO etl_ts_range(p) AS CASE
  WHEN CAST(p AS DATE) BETWEEN DATE '1900-01-01' AND ${asOf} THEN p END;
CREATE OR REPLACE MACRO etl_periode_parse(t) AS CASE
  WHEN regexp_full_match(t, '[0-9]{4}-[0-9]{1,2}') THEN try_cast(t || '-01' AS DATE)
  WHEN regexp_full_match(t, '[0-9]{6}') THEN try_cast(substr(t, 1, 4) || '-' || substr(t, 5, 2) || '-01' AS DATE)
  WHEN regexp_full_match(t, '[0-9]{1,2}/[0-9]{4}') THEN CAST(try_strptime('01/' || t, '%d/%m/%Y') AS DATE)
  END;
CREATE OR REPLACE MACRO etl_periode_range(p) AS CASE
  WHEN p BETWEEN DATE '1900-01-01' AND date_trunc('month', ${asOf}) THEN p END;
CREATE OR REPLACE MACRO etl_tahun_parse(t) AS CASE WHEN regexp_full_match(t, '[0-9]{4}') THEN CAST(t AS INTEGER) END;
CREATE OR REPLACE MACRO etl_tahun_range(p) AS CASE WHEN p BETWEEN 1900 AND year(${asOf}) THEN p END;
CREATE OR REPLACE MACRO etl_int_text(s) AS CASE WHEN upper(left(s, 2)) <> 'RP' THEN s
  ELSE regexp_replace(s, '^[Rr][Pp]\\.?\\s*', '') END;
CREATE OR REPLACE MACRO etl_int_parse(t) AS CASE
  WHEN regexp_full_match(t, '[0-9]+') THEN try_cast(t AS BIGINT)
  WHEN regexp_full_match(t, '[0-9]{1,3}(\\.[0-9]{3})+|[0-9]{1,3}(,[0-9]{3})+')
  THEN try_cast(regexp_replace(t, '[.,]', '', 'g') AS BIGINT)
  END;
CREATE OR REPLACE MACRO etl_enum_key(s) AS CASE
  WHEN strpos(s, ' ') = 0 AND strpos(s, '-') = 0 AND strpos(s, '/') = 0 AND strpos(s, chr(9)) = 0
  THEN upper(s) ELSE regexp_replace(upper(s), '[\\s/-]+', '_', 'g') END;
-- One-call forms of the staged rules (tests, ad-hoc checks); the check query uses the stages.
CREATE OR REPLACE MACRO etl_raw(s) AS nullif(trim(s), '');
CREATE OR REPLACE MACRO etl_nik(s) AS etl_nik_parse(etl_nik_clean(etl_raw(s)));
CREATE OR REPLACE MACRO etl_date(s) AS etl_date_range(etl_date_parse(etl_date_text(etl_raw(s))));
CREATE OR REPLACE MACRO etl_ts(s) AS etl_ts_range(etl_ts_parse(etl_raw(s)));
CREATE OR REPLACE MACRO etl_periode(s) AS etl_periode_range(etl_periode_parse(etl_raw(s)));
CREATE OR REPLACE MACRO etl_tahun(s) AS etl_tahun_range(etl_tahun_parse(etl_raw(s)));
CREATE OR REPLACE MACRO etl_int(s) AS etl_int_parse(etl_int_text(etl_raw(s)));
CREATE OR REPLACE MACRO etl_mask(s) AS ${maskAllDigitsSql('s')};
-- v: a validated NIK / no_kk (16 digits), as text or as the number the check query keeps; the
-- HMAC is always over the 16-digit text. The pseudonym is its first 128 bits, kept as a UUID
-- value (16 bytes, fixed width: the lake's joins and aggregates on it run 2-3x faster than on
-- the 32-character hex text, which is how it is shown when it leaves the warehouse).
-- v as its 16 digits (a NIK / no_kk kept as a number loses leading zeros).
CREATE OR REPLACE MACRO etl_nik_text(v) AS lpad(CAST(v AS VARCHAR), 16, '0');
CREATE OR REPLACE MACRO etl_pseudo(v) AS CASE WHEN v IS NOT NULL THEN CAST(substr(sha256(
  unhex('${opad}') || unhex(sha256(unhex('${ipad}') || encode(etl_nik_text(v))))), 1, 32) AS UUID) END;
`;
}

/**
 * Each value is normalised in layers (empty-as-null raw → clean text → parsed value → value within
 * range), each a column of its own, so every string function runs once per value: DuckDB inlines
 * macros, and nesting them would evaluate the inner ones again for every use.
 *
 * Most values of an export are already in their canonical form. For the costly kinds a cheap test
 * (`k_<column>`) recognises that form and lets the value skip trimming and cleaning (and, for NIK,
 * dates and kode_desa, the parse too); every other value takes the general path. Both paths give
 * the same result for a canonical value — the unit tests of the macros run both.
 */
interface FastPath {
  /** SQL boolean over the raw column: the value is canonical. */
  test: string;
  /** The parsed value of a canonical raw value; absent: the general parse of t_ runs. */
  parse?: string;
}

// GLOB with a character class per position: cheaper than a regular expression for fixed shapes.
const DIGIT = '[0-9]';
const digitAt = (x: string, end: 'left' | 'right') => `${end}(${x}, 1) BETWEEN '0' AND '9'`;

export function fastPath(col: ColumnSpec): FastPath | null {
  const x = ident(col.name);
  switch (col.kind) {
    case 'nik':
      return { test: `${x} GLOB '${DIGIT.repeat(16)}'`, parse: `etl_nik_province(${x})` };
    case 'date':
      return {
        test: `${x} GLOB '${DIGIT.repeat(4)}-${DIGIT.repeat(2)}-${DIGIT.repeat(2)}'`,
        parse: `try_cast(${x} AS DATE)`,
      };
    case 'periode':
      return {
        test: `${x} GLOB '${DIGIT.repeat(4)}-${DIGIT.repeat(2)}' OR ${x} GLOB '${DIGIT.repeat(6)}'`,
        parse: `try_cast(left(${x}, 4) || '-' || right(${x}, 2) || '-01' AS DATE)`,
      };
    case 'kode_desa':
      // Digits at both ends and the length of a code, dotted or not: whether it is a real desa
      // is decided by the reference join, exactly as for the general path.
      return {
        test: `length(${x}) IN (10, 13) AND ${digitAt(x, 'left')} AND ${digitAt(x, 'right')}`,
        parse: `CASE length(${x}) WHEN 13 THEN ${x} ELSE etl_desa_format(${x}) END`,
      };
    case 'enum': {
      const keys = [
        ...(col.values ?? []),
        ...Object.keys(col.synonyms ?? {}).map(normaliseEnumKey),
      ];
      return { test: `list_contains([${[...new Set(keys)].map(sqlString).join(', ')}], ${x})` };
    }
    default:
      return null;
  }
}

function emptiedExpr(col: ColumnSpec): string {
  const general = `nullif(trim(${ident(col.name)}), '')`;
  return fastPath(col)
    ? `CASE WHEN k_${col.name} THEN ${ident(col.name)} ELSE ${general} END`
    : general;
}

function cleanExpr(col: ColumnSpec): string {
  const general = generalCleanExpr(col);
  return fastPath(col)
    ? `CASE WHEN k_${col.name} THEN ${ident(col.name)} ELSE ${general} END`
    : general;
}

function generalCleanExpr(col: ColumnSpec): string {
  const raw = `r_${col.name}`;
  switch (col.kind) {
    case 'nik':
      return `etl_nik_clean(${raw})`;
    case 'date':
      return `etl_date_text(${raw})`;
    case 'integer':
      return `etl_int_text(${raw})`;
    case 'enum':
      return `etl_enum_key(${raw})`;
    case 'kode_desa':
    case 'timestamp':
    case 'periode':
    case 'tahun':
    case 'text':
      return raw;
  }
}
function parseExpr(col: ColumnSpec): string {
  const general = generalParseExpr(col);
  const fast = fastPath(col)?.parse;
  return fast ? `CASE WHEN k_${col.name} THEN ${fast} ELSE ${general} END` : general;
}

function generalParseExpr(col: ColumnSpec): string {
  const t = `t_${col.name}`;
  switch (col.kind) {
    case 'nik':
      return `etl_nik_parse(${t})`;
    case 'kode_desa':
      return `etl_desa_format(${t})`;
    case 'date':
      return `etl_date_parse(${t})`;
    case 'timestamp':
      return `etl_ts_parse(${t})`;
    case 'periode':
      return `etl_periode_parse(${t})`;
    case 'tahun':
      return `etl_tahun_parse(${t})`;
    case 'integer':
      return `etl_int_parse(${t})`;
    case 'enum': {
      // Synonyms are normalised exactly like values (contract: "normalised the same way").
      const synonyms = Object.entries(col.synonyms ?? {});
      return synonyms.length
        ? `CASE ${t} ${synonyms
            .map(([from, to]) => `WHEN ${sqlString(normaliseEnumKey(from))} THEN ${sqlString(to)}`)
            .join(' ')} ELSE ${t} END`
        : t;
    }
    case 'text':
      return t;
  }
}

function rangeExpr(col: ColumnSpec): string {
  const p = `p_${col.name}`;
  switch (col.kind) {
    case 'kode_desa':
      return `ref_${col.name}.code`;
    case 'date':
      return `etl_date_range(${p})`;
    case 'timestamp':
      return `etl_ts_range(${p})`;
    case 'periode':
      return `etl_periode_range(${p})`;
    case 'tahun':
      return `etl_tahun_range(${p})`;
    case 'enum': {
      const allowed = (col.values ?? []).map(sqlString).join(', ');
      const empty = col.emptyAs ? sqlString(col.emptyAs) : 'NULL';
      // An ENUM of the allowed values (one byte, not a 16-byte string per row): the checked table
      // of a large feed stays within the memory limit instead of spilling. Only allowed values
      // (or NULL) reach the cast.
      return `CAST(CASE WHEN t_${col.name} IS NULL THEN ${empty} WHEN list_contains([${allowed}], ${p}) THEN ${p} END AS ENUM(${allowed}))`;
    }
    case 'nik':
      // As a number: 16 validated digits fit 64 bits exactly, and the DUPLIKAT aggregate and the
      // pseudonym join run several times faster on it than on text. etl_pseudo pads it back.
      return `CAST(${p} AS UBIGINT)`;
    case 'integer':
    case 'text':
      return p;
  }
}

/**
 * JS twin of the SQL `etl_enum_key(trim(value))`: the key an enum value is compared by (synonym
 * literals, the value map of etl/mappings.ts).
 */
export function normaliseEnumKey(value: string): string {
  return value
    .trim()
    .toUpperCase()
    .replace(/[\s/-]+/g, '_');
}

/**
 * The values of a file's enum columns that the value rules reject (`NILAI_TIDAK_DIKENAL`), from
 * its raw rows, by the same layers as the check query (the general path, which agrees with the
 * fast one): per column each distinct value as masked by the one masking rule, with its count
 * (`topUnknownValuesSql` sums the files). Also values of rows rejected for an earlier rule: the
 * dry run lists what a value map could fix.
 */
export function unknownValuesSql(spec: FeedSpec, rawView: string): string | null {
  const enums = spec.columns.filter((c) => c.kind === 'enum');
  if (enums.length === 0) return null;
  return enums
    .map((c) => {
      const r = `r_${c.name}`;
      return `SELECT ${sqlString(c.name)} AS column_name, ${maskValueSql(r, 'enum')} AS value, count(*) AS n
FROM (
  SELECT *, ${rangeExpr(c)} AS n_${c.name} FROM (
    SELECT *, ${generalParseExpr(c)} AS p_${c.name} FROM (
      SELECT *, ${generalCleanExpr(c)} AS t_${c.name} FROM (
        SELECT nullif(trim(${ident(c.name)}), '') AS ${r} FROM ${rawView}))))
WHERE ${r} IS NOT NULL AND n_${c.name} IS NULL GROUP BY ALL`;
    })
    .join('\nUNION ALL\n');
}

/** The most frequent of the values `unknownValuesSql` found, summed over the files of a feed. */
export function topUnknownValuesSql(table: string, limit: number): string {
  return `SELECT column_name, value, sum(n)::INTEGER AS n FROM ${table}
GROUP BY ALL ORDER BY n DESC, column_name, value LIMIT ${limit}`;
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
  const raw = `r_${col.name}`;
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

/** The reasons and columns a `_fail` index names: the rules in order. */
function failureLists(spec: FeedSpec): { reasons: string; columns: string } {
  const rules = rulesOf(spec);
  return {
    reasons: `[${rules.map((r) => sqlString(r.reason)).join(', ')}]`,
    columns: `[${rules.map((r) => sqlString(r.column)).join(', ')}]`,
  };
}

/** SQL naming the reject reason and column of a `checked_<feed>` row (NULL when it loads). */
export function failureSql(spec: FeedSpec): { reason: string; column: string } {
  const lists = failureLists(spec);
  return {
    reason: `list_extract(${lists.reasons}, _fail)`,
    column: `list_extract(${lists.columns}, _fail)`,
  };
}

/**
 * The statement that builds table `checked_<feed>` from a file's raw rows (`append`: adds them to
 * it): per row its file and line, the normalised values (`n_<column>`), `_fail` (the index of the
 * first broken rule, NULL when the row loads) and `_value`, the offending raw value of a rejected
 * row. Raw values are not kept for rows that load: the table stays narrow, which is what makes
 * millions of rows cheap. Each file is checked as soon as it is read and its raw copy dropped, so
 * a feed's raw text is never held whole (at 50× demo scale it overflowed the memory limit and
 * spilled to disk). DUPLIKAT comes after, over all the files, from `duplicateSql`.
 */
export function checkSql(spec: FeedSpec, rawView: string, append = false): string {
  const rules = rulesOf(spec);
  const joins = spec.columns
    .filter((c) => c.kind === 'kode_desa')
    .map((c) => `LEFT JOIN ref_desa AS ref_${c.name} ON ref_${c.name}.code = parsed.p_${c.name}`)
    .join('\n');
  const layer = (expr: (c: ColumnSpec) => string, prefix: string) =>
    spec.columns.map((c) => `${expr(c)} AS ${prefix}_${c.name}`).join(',\n  ');
  const failIndex = `CASE ${rules.map((r, i) => `WHEN ${r.condition} THEN ${i + 1}`).join(' ')} END`;
  const values = `CASE _fail ${rules
    .map((r, i) => `WHEN ${i + 1} THEN ${rawValueExpr(spec, r.column)}`)
    .join(' ')} END`;
  const table = `checked_${spec.name}`;
  const fastTests = spec.columns.filter((c) => fastPath(c));
  const normalised = spec.columns.map((c) => `n_${c.name}`).join(', ');
  return `${append ? `INSERT INTO ${table}` : `CREATE OR REPLACE TABLE ${table} AS`}
WITH canonical AS (
  SELECT raw.*${fastTests.map((c) => `, ${fastPath(c)?.test} AS k_${c.name}`).join('')} FROM ${rawView} AS raw
), emptied AS (
  SELECT canonical.*, ${layer(emptiedExpr, 'r')} FROM canonical
), cleaned AS (
  SELECT emptied.*, ${layer(cleanExpr, 't')} FROM emptied
), parsed AS (
  SELECT cleaned.*, ${layer(parseExpr, 'p')} FROM cleaned
), normalised AS (
  SELECT parsed.*, ${layer(rangeExpr, 'n')} FROM parsed
  ${joins}
), failed AS (
  SELECT *, CAST(${failIndex} AS UTINYINT) AS _fail FROM normalised
)
SELECT _file_seq, _line, ${normalised}, _fail, ${values} AS _value FROM failed`;
}

/**
 * DUPLIKAT: a loading row whose normalised key an earlier row (file order, then line) already
 * claimed. Keys seen more than once are found by a hash aggregate and only their rows are ranked.
 * The search runs per value of the key's period column (`slice`): rows of different periods
 * never share a key, and a period's hash table fits in memory where the whole feed's spilled.
 * The rows found go to `dup_<feed>` (_file_seq, _line, value: the key column's normalised value,
 * masked — the raw copies are gone by then); the run leaves them out of the lake and records them
 * as rejects, so the wide checked table is never updated.
 */
export interface DuplicateSql {
  /** Normalised period column of the key (`n_periode`), null when the key has none. */
  slice: string | null;
  /** Creates the empty `dup_<feed>` table. */
  create: string;
  /** Adds the later rows of repeated keys whose slice column equals `value` (null: all rows). */
  find: (value: string | null) => string;
}

export function duplicateSql(spec: FeedSpec): DuplicateSql | null {
  if (!spec.key) return null;
  const key = spec.key.map((k) => `n_${k}`).join(', ');
  const table = `checked_${spec.name}`;
  const periodKinds = ['periode', 'tahun'];
  const period = spec.key.find((k) =>
    periodKinds.includes(spec.columns.find((c) => c.name === k)?.kind ?? ''),
  );
  const slice = period ? `n_${period}` : null;
  const named = spec.columns.find((c) => c.name === dupColumnOf(spec));
  const text =
    named?.kind === 'nik'
      ? `etl_nik_text(n_${named.name})`
      : `CAST(n_${dupColumnOf(spec)} AS VARCHAR)`;
  return {
    slice,
    create: `CREATE OR REPLACE TABLE dup_${spec.name} (_file_seq INTEGER, _line INTEGER, value VARCHAR)`,
    // Key columns are required, so a loading row never has a NULL key part.
    find: (value) => {
      const where = `_fail IS NULL${slice && value !== null ? ` AND ${slice} = ${sqlString(value)}` : ''}`;
      return `INSERT INTO dup_${spec.name}
WITH repeated AS (
  SELECT ${key} FROM ${table} WHERE ${where} GROUP BY ALL HAVING count(*) > 1
), ranked AS (
  SELECT _file_seq, _line, ${text} AS value,
    row_number() OVER (PARTITION BY ${key} ORDER BY _file_seq, _line) AS n
  FROM ${table} SEMI JOIN repeated USING (${key}) WHERE ${where}
)
SELECT _file_seq, _line, ${maskValueSql('value', named?.kind ?? null)} FROM ranked WHERE n > 1`;
    },
  };
}

/** The identifying column named in a DUPLIKAT reject: the key column that is not a period. */
export function dupColumnOf(spec: FeedSpec): string {
  const key = spec.key ?? [];
  const periodKinds = ['periode', 'tahun'];
  const named = key.filter(
    (k) => !periodKinds.includes(spec.columns.find((c) => c.name === k)?.kind ?? ''),
  );
  return named[named.length - 1] ?? key[key.length - 1] ?? '';
}

/** The offending value as recorded: masked by the one rule of mask.ts for its column's kind. */
function rawValueExpr(spec: FeedSpec, column: string): string {
  const col = spec.columns.find((c) => c.name === column);
  return maskValueSql(ident(column), col?.kind ?? null);
}

/** The run's memo of pseudonyms (value → etl_pseudo(value)), shared by every feed and column. */
export const PSEUDONYMS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS pseudonyms (v UBIGINT, p UUID)`;

/**
 * Statements that build `pseudonym_<feed>_<column>` (value → pseudonym) for the distinct values
 * of each NIK / no_kk column over the feed's loading rows: a person appears in every snapshot, and
 * HMAC is the costliest expression of the run, so each value is hashed once. One map per column
 * keeps each join's hash table to the values that column holds. A value another feed or column
 * already hashed this run (the same people are in the registry, BPJS and PKH; a family's no_kk in
 * its members' rows) is taken from the run's memo (`pseudonyms`, PSEUDONYMS_TABLE_SQL): the
 * pseudonym depends on the value alone. CASE, not coalesce: only CASE leaves the HMAC unevaluated
 * for the rows that have one.
 */
export function pseudonymSql(spec: FeedSpec): string[] {
  return spec.columns
    .filter((c) => c.kind === 'nik')
    .flatMap((c) => {
      const map = `pseudonym_${spec.name}_${c.name}`;
      return [
        `CREATE OR REPLACE TABLE ${map} AS
SELECT d.v, CASE WHEN known.p IS NULL THEN etl_pseudo(d.v) ELSE known.p END AS p, known.p IS NULL AS new
FROM (
  SELECT DISTINCT n_${c.name} AS v FROM checked_${spec.name} WHERE _fail IS NULL AND n_${c.name} IS NOT NULL
) AS d LEFT JOIN pseudonyms AS known ON known.v = d.v`,
        `INSERT INTO pseudonyms SELECT v, p FROM ${map} WHERE new`,
      ];
    });
}

/** SELECT … FROM of the lake rows of a feed: normalised values, NIK and no_kk as pseudonyms. */
export function lakeSelect(
  spec: FeedSpec,
  join = '',
  options: { pseudonyms: boolean } = { pseudonyms: true },
): { columns: string; from: string } {
  const columns = spec.columns
    .map((c) => {
      const n = `n_${c.name}`;
      if (c.kind === 'nik') return `ps_${c.name}.p AS ${c.name}`;
      if (spec.name === 'rujukan' && c.name === 'tanggal_selesai') {
        const closed = CLOSED_STATUSES.map(sqlString).join(', ');
        return `CASE WHEN n_status IN (${closed}) THEN ${n} END AS ${c.name}`;
      }
      if (c.kind === 'enum' && c.values?.every((v) => /^[0-9]+$/.test(v)))
        return `CAST(${n} AS INTEGER) AS ${c.name}`;
      // Other enums are ENUMs in the checked table: Parquet stores them as the same UTF-8 text
      // as a VARCHAR (read back as VARCHAR), written from the ENUM's few values about ten times
      // faster than from strings.
      return `${n} AS ${c.name}`;
    })
    .join(', ');
  const joins = spec.columns
    .filter((c) => c.kind === 'nik' && options.pseudonyms)
    .map(
      (c) =>
        `${c.required ? '' : 'LEFT '}JOIN pseudonym_${spec.name}_${c.name} AS ps_${c.name} ON ps_${c.name}.v = n_${c.name}`,
    )
    .join(' ');
  const duplicates = spec.key
    ? `ANTI JOIN dup_${spec.name} AS dup ON dup._file_seq = checked._file_seq AND dup._line = checked._line`
    : '';
  return {
    columns,
    from: `checked_${spec.name} AS checked ${duplicates} ${joins} ${join} WHERE _fail IS NULL`,
  };
}

/**
 * The one masking rule of rejected values (etl/README.md, "Masking of rejected values"), as SQL.
 *
 * A reject records the offending value so an admin can see what to fix at the source; but an
 * office may have typed a NIK into `kode_desa`, a name into `tanggal_lahir` or a piece of a
 * complaint into `kategori`. So every value, whatever its column, goes through one rule before it
 * is stored anywhere (lake, warehouse, API):
 *
 * 1. A value that is not of its column kind's expected shape (the character class of a date, a
 *    code, a number, an upper-case enum word; see SHAPES) is not shown: it becomes
 *    `[teks N karakter]`.
 * 2. In a value that is shown, NIK-like content is masked: in a NIK / no_kk column, and in any
 *    value whose digits (separators ignored) run to 11 or more — more than any code (kode desa: 10)
 *    or date holds — or that is a number in scientific notation (Excel's way of mangling a NIK),
 *    every digit beyond the sixth becomes `*` (all of them when there are fewer than seven).
 * 3. Otherwise, in every run of 7 or more digits, the digits beyond the first six become `*`.
 *
 * The rule is idempotent (a masked value stays as it is), so stores written by older versions can
 * be cleaned by applying it again (`remaskStoredRejects`, etl/mask.ts). It is SQL so that the ETL's
 * check query, the lake clean-up, the warehouse build and the API apply the very same rule.
 *
 * The kind of a column is the data contract's (etl/feeds.ts), read here from
 * contract-kinds.json, which is generated from it (`npm run gen:contract-kinds`; a gate test
 * fails when it differs): the warehouse and the API stand on this module, not on the ETL.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataFolder } from './data-folder.js';
import { sqlString } from './wilayah.js';

/** A data file of warehouse/ from source or from dist/warehouse (as catalogue.json). */
function besideThisModule(name: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [here, path.resolve(here, '..', '..', 'warehouse')].map((d) =>
    path.join(d, name),
  );
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`warehouse/${name} not found beside ${here}`);
  return found;
}

/** Stored with the cleaned lake rejects; raise it when the rule changes so stores are re-masked. */
export const MASK_VERSION = '2';

/** What is shown of a value that is not of its column's expected shape. */
const SUMMARY = (s: string) => `'[teks ' || length(${s}) || ' karakter]'`;
const SUMMARY_RE = '\\[teks [0-9]+ karakter\\]';

/**
 * Expected shape per column kind (RE2, whole value), `*` being a masked digit. Enums: upper-case
 * words as the contract's codes are written (`KELAS 3`, `DINAS LAIN`); a lower- or mixed-case
 * text there is more likely a name or a remark than a code.
 */
export const SHAPES = {
  nik: "'?[0-9 .,+Ee*-]{1,40}",
  // a BPS code no crosswalk replaced says why (etl/crosswalk.ts)
  kode_desa: '([0-9 .*-]{1,20}|BPS [0-9*]{1,20} (tanpa crosswalk|tidak ada di crosswalk))',
  date: '[0-9 ./*-]{1,20}',
  periode: '[0-9 ./*-]{1,20}',
  tahun: '[0-9 .*]{1,10}',
  timestamp: '[0-9 .:/TZ+*-]{1,35}',
  integer: '([Rr][Pp]\\.? ?)?[0-9 .,*-]{1,24}',
  enum: '[A-Z0-9 _/*-]{1,24}',
  text: '[A-Za-z0-9._/*-]{1,40}',
} as const;

/** The kinds of value a contract column holds. */
export type ValueKind = keyof typeof SHAPES;

/** Every digit beyond the sixth (counting masked ones) masked; all digits if fewer than seven. */
export function maskAllDigitsSql(s: string): string {
  return `CASE
  WHEN length(regexp_replace(${s}, '[^0-9*]', '', 'g')) < 7 THEN regexp_replace(${s}, '[0-9]', '*', 'g')
  ELSE array_to_string(list_transform(string_split(${s}, ''), (ch, i) -> CASE
    WHEN regexp_full_match(ch, '[0-9]') AND length(regexp_replace(substr(${s}, 1, i), '[^0-9*]', '', 'g')) > 6
    THEN '*' ELSE ch END), '')
  END`;
}

function maskDigitRunsSql(s: string): string {
  return `array_to_string(list_transform(regexp_extract_all(${s}, '[0-9]+|[^0-9]+'), t -> CASE
    WHEN length(t) >= 7 AND regexp_full_match(t, '[0-9]+') THEN left(t, 6) || repeat('*', length(t) - 6)
    ELSE t END), '')`;
}

function nikLikeSql(s: string): string {
  return `(regexp_matches(regexp_replace(${s}, '[\\s.,''/-]', '', 'g'), '[0-9*]{11,}')
    OR regexp_matches(${s}, '[0-9][.,]?[0-9]*[Ee][+]?[0-9]'))`;
}

function ruleSql(value: string, shapeOk: (s: string) => string, isNik: string): string {
  const s = `trim(CAST(${value} AS VARCHAR))`;
  return `CASE
  WHEN ${value} IS NULL THEN NULL
  WHEN regexp_full_match(${s}, '${SUMMARY_RE}') THEN ${s}
  WHEN NOT coalesce(${shapeOk(s)}, true) THEN ${SUMMARY(s)}
  WHEN coalesce(${isNik}, false) OR ${nikLikeSql(s)} THEN ${maskAllDigitsSql(s)}
  ELSE ${maskDigitRunsSql(s)}
  END`;
}

/** The rule for a value of a known column kind (null: a file-level message, digits only). */
export function maskValueSql(value: string, kind: ValueKind | null): string {
  return ruleSql(
    value,
    (s) => (kind ? `regexp_full_match(${s}, ${sqlString(SHAPES[kind])})` : 'true'),
    kind === 'nik' ? 'true' : 'false',
  );
}

/** The contract's column kinds: feed → column → kind (generated from etl/feeds.ts). */
export const CONTRACT_KINDS = JSON.parse(
  readFileSync(besideThisModule('contract-kinds.json'), 'utf8'),
) as Record<string, Record<string, ValueKind>>;

/** SQL naming the kind of a (feed, column) pair of the contract; NULL for anything else. */
export function columnKindSql(feed: string, column: string): string {
  const pairs = Object.entries(CONTRACT_KINDS).flatMap(([f, columns]) =>
    Object.entries(columns).map(([c, kind]) => [`${f}.${c}`, kind]),
  );
  return `CASE ${feed} || '.' || ${column} ${pairs
    .map(([key, kind]) => `WHEN ${sqlString(key)} THEN ${sqlString(kind)}`)
    .join(' ')} END`;
}

/** The rule for stored rejects, the kind taken from their feed and column_name columns. */
export function maskStoredValueSql(value: string, feed: string, column: string): string {
  const kind = `(${columnKindSql(feed, column)})`;
  const shapes = Object.entries(SHAPES);
  return ruleSql(
    value,
    (s) =>
      `CASE ${kind} ${shapes
        .map(([k, re]) => `WHEN '${k}' THEN regexp_full_match(${s}, ${sqlString(re)})`)
        .join(' ')} END`,
    `${kind} = 'nik'`,
  );
}

// ------------------------------------------------------------------ older stores

/** Whether the lake's rejects and run history were masked by this version of the rule. */
export function storedRejectsMasked(dataDir: string): boolean {
  const { rejects: dir, maskMarker } = dataFolder(dataDir);
  if (!existsSync(dir) || !readdirSync(dir).some((f) => f.endsWith('.parquet'))) return true;
  try {
    return readFileSync(maskMarker, 'utf8').trim() === MASK_VERSION;
  } catch {
    return false;
  }
}

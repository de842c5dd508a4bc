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
 * be cleaned by applying it again (`remaskStoredRejects` in run.ts). It is SQL so that the ETL's
 * check query, the lake clean-up, the warehouse build and the API apply the very same rule.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { syncFile, writeDurably } from './durable.js';
import { FEEDS, type ValueKind } from './feeds.js';
import { dataFolder } from '../warehouse/data-folder.js';
import { sqlString } from '../warehouse/wilayah.js';

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
export const SHAPES: Record<ValueKind, string> = {
  nik: "'?[0-9 .,+Ee*-]{1,40}",
  kode_desa: '[0-9 .*-]{1,20}',
  date: '[0-9 ./*-]{1,20}',
  periode: '[0-9 ./*-]{1,20}',
  tahun: '[0-9 .*]{1,10}',
  timestamp: '[0-9 .:/TZ+*-]{1,35}',
  integer: '([Rr][Pp]\\.? ?)?[0-9 .,*-]{1,24}',
  enum: '[A-Z0-9 _/*-]{1,24}',
  text: '[A-Za-z0-9._/*-]{1,40}',
};

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

/** SQL naming the kind of a (feed, column) pair of the contract; NULL for anything else. */
export function columnKindSql(feed: string, column: string): string {
  const pairs = FEEDS.flatMap((f) => f.columns.map((c) => [`${f.feed}.${c.name}`, c.kind]));
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

// ------------------------------------------------------------------ cleaning older stores

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

/**
 * Applies the rule again to everything an older version stored: every rejects file of the lake
 * (rewritten beside, then renamed over) and the error text of every run summary. The warehouse
 * and later backups derive from these. Runs under the ETL lock (run.ts); returns whether anything
 * had to be cleaned.
 */
export async function remaskStoredRejects(dataDir: string): Promise<boolean> {
  const { runs: runsDir, rejects: dir, maskMarker: marker } = dataFolder(dataDir);
  if ((await readFile(marker, 'utf8').catch(() => '')).trim() === MASK_VERSION) return false;
  await mkdir(dir, { recursive: true });
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    for (const name of (await readdir(dir)).filter((f) => f.endsWith('.parquet'))) {
      const file = path.join(dir, name);
      await conn.run(`COPY (SELECT * REPLACE (${maskStoredValueSql('value', 'feed', 'column_name')} AS value)
        FROM read_parquet(${sqlString(file)})) TO ${sqlString(`${file}.tmp`)} (FORMAT parquet)`);
      await syncFile(`${file}.tmp`);
      await rename(`${file}.tmp`, file);
    }
    for (const name of (await readdir(runsDir)).filter((f) => f.endsWith('.json'))) {
      const file = path.join(runsDir, name);
      let summary: { error?: unknown };
      try {
        summary = JSON.parse(await readFile(file, 'utf8')) as { error?: unknown };
      } catch {
        continue; // a summary cut short by a kill: the warehouse skips it as well
      }
      if (typeof summary.error !== 'string') continue;
      const result = await conn.runAndReadAll(
        `SELECT ${maskValueSql(sqlString(summary.error), null)} AS v`,
      );
      const error = String(result.getRowObjectsJS()[0].v);
      if (error === summary.error) continue;
      await writeFile(`${file}.tmp`, JSON.stringify({ ...summary, error }, null, 2));
      await syncFile(`${file}.tmp`);
      await rename(`${file}.tmp`, file);
    }
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  await writeDurably(marker, `${MASK_VERSION}\n`);
  return true;
}

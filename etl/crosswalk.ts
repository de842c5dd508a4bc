/**
 * BPS desa codes through a crosswalk (docs/registry.md, "Area by BPS code"). BPS numbers a desa
 * with 10 digits (kecamatan 7) that are not Kemendagri codes and can collide with undotted ones,
 * so a file's `kode_desa_bps` column is never read as kode_desa: the reader marks each value
 * (`BPS <code>`), and the run replaces it with the Kemendagri code the admin's crosswalk gives
 * (`<data>/peta/bps-kemendagri.csv`, columns `kode_bps,kode_kemendagri`, loaded with
 * `npm run etl -- --crosswalk FILE`). A code the crosswalk lacks, or every code while none is
 * loaded, keeps a value that says so and is rejected KODE_WILAYAH_TIDAK_DIKENAL.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { dataFolder } from '../warehouse/data-folder.js';
import { maskValueSql } from '../warehouse/mask.js';
import { sqlString } from '../warehouse/wilayah.js';
import { isRegionDesa } from './area-by-name.js';

/** The header (normalised) of a column of BPS desa codes. */
export const BPS_HEADER = 'kode_desa_bps';
/** The crosswalk file's header. */
export const CROSSWALK_HEADER = ['kode_bps', 'kode_kemendagri'] as const;

/** Before a BPS code in kode_desa until the crosswalk replaces it. */
const MARK = 'BPS ';
/** After a BPS code no crosswalk replaced: why (the reject's value says it). */
export const BPS_NO_CROSSWALK = 'tanpa crosswalk';
export const BPS_NOT_IN_CROSSWALK = 'tidak ada di crosswalk';

/** A BPS code as the reader stores it in kode_desa (null: empty). */
export function bpsMarked(text: string): string | null {
  const t = text.trim();
  return t ? `${MARK}${t}` : null;
}

/** bpsMarked in SQL. */
export function bpsMarkedSql(x: string): string {
  return `CASE WHEN nullif(trim(${x}), '') IS NULL THEN NULL ELSE ${sqlString(MARK)} || trim(${x}) END`;
}

/** BPS code (10 digits) → Kemendagri desa code (dotted). */
export type Crosswalk = ReadonlyMap<string, string>;

export interface CrosswalkCheck {
  crosswalk: Crosswalk;
  /** What is wrong, one line each, in Indonesian (empty: the file can be loaded). */
  errors: string[];
}

const BPS_DESA = /^[0-9]{10}$/;
const KEMENDAGRI_DOTTED = /^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$/;
const KEMENDAGRI_PLAIN = /^[0-9]{10}$/;
/** At most this many error lines are listed; the rest are counted. */
const MAX_ERRORS = 50;

/**
 * Checks a crosswalk's text: the header `kode_bps,kode_kemendagri` (`,` or `;`), a BPS desa code of
 * 10 digits, a Kemendagri code (dotted, or 10 digits undotted) of a desa/kelurahan of the served
 * region, each BPS code once.
 */
export function checkCrosswalk(text: string, regionCode: string): CrosswalkCheck {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const errors: string[] = [];
  const crosswalk = new Map<string, string>();
  const seenAt = new Map<string, number>();
  const delimiter = (lines[0] ?? '').includes(';') ? ';' : ',';
  const header = (lines[0] ?? '').split(delimiter).map((h) => h.trim().toLowerCase());
  if (header.join(',') !== CROSSWALK_HEADER.join(',')) {
    errors.push(
      `Baris judul harus "${CROSSWALK_HEADER.join(',')}" (tertulis "${(lines[0] ?? '').trim()}").`,
    );
    return { crosswalk, errors };
  }
  let problems = 0;
  const problem = (message: string) => {
    problems++;
    if (errors.length < MAX_ERRORS) errors.push(message);
  };
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (!raw.trim()) return;
    const cells = raw.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (cells.length !== 2) {
      problem(`Baris ${line}: harus 2 kolom (kode_bps, kode_kemendagri), ada ${cells.length}.`);
      return;
    }
    const [bps, kemendagri] = cells as [string, string];
    if (!BPS_DESA.test(bps)) {
      problem(`Baris ${line}: kode_bps "${bps}" bukan kode desa BPS (10 angka tanpa titik).`);
      return;
    }
    const dotted = KEMENDAGRI_DOTTED.test(kemendagri)
      ? kemendagri
      : KEMENDAGRI_PLAIN.test(kemendagri)
        ? `${kemendagri.slice(0, 2)}.${kemendagri.slice(2, 4)}.${kemendagri.slice(4, 6)}.${kemendagri.slice(6)}`
        : null;
    if (!dotted) {
      problem(
        `Baris ${line}: kode_kemendagri "${kemendagri}" bukan kode desa Kemendagri (mis. 62.03.01.2001).`,
      );
      return;
    }
    if (!isRegionDesa(regionCode, dotted)) {
      problem(
        `Baris ${line}: kode_kemendagri ${dotted} bukan desa/kelurahan wilayah ${regionCode} menurut daftar wilayah.`,
      );
      return;
    }
    const before = seenAt.get(bps);
    if (before !== undefined) {
      problem(`Baris ${line}: kode_bps ${bps} sudah ada di baris ${before}; tulis sekali saja.`);
      return;
    }
    seenAt.set(bps, line);
    crosswalk.set(bps, dotted);
  });
  if (problems > errors.length) errors.push(`… dan ${problems - errors.length} masalah lain.`);
  if (!problems && crosswalk.size === 0) errors.push('Berkas tidak berisi baris padanan kode.');
  return { crosswalk, errors };
}

/** The crosswalk the admin loaded into the data folder; null when none is. Throws when invalid. */
export async function readCrosswalk(
  dataDir: string,
  regionCode: string,
): Promise<Crosswalk | null> {
  let text: string;
  try {
    text = await readFile(dataFolder(dataDir).crosswalk, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const { crosswalk, errors } = checkCrosswalk(text, regionCode);
  if (errors.length)
    throw new Error(
      `Crosswalk BPS–Kemendagri ${dataFolder(dataDir).crosswalk} tidak valid; muat ulang dengan npm run etl -- --crosswalk BERKAS: ${errors.join(' ')}`,
    );
  return crosswalk;
}

/**
 * Checks a crosswalk file and, when it has no error, puts it in the data folder (replacing the
 * one loaded before); the next run reads it.
 */
export async function installCrosswalk(
  file: string,
  dataDir: string,
  regionCode: string,
): Promise<CrosswalkCheck & { installed: string | null }> {
  const checked = checkCrosswalk(await readFile(file, 'utf8'), regionCode);
  if (checked.errors.length) return { ...checked, installed: null };
  const target = dataFolder(dataDir).crosswalk;
  await mkdir(path.dirname(target), { recursive: true });
  const lines = [...checked.crosswalk].map(([bps, kemendagri]) => `${bps},${kemendagri}`);
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, [CROSSWALK_HEADER.join(','), ...lines, ''].join('\n'));
  await rename(temporary, target);
  return { ...checked, installed: target };
}

/**
 * Replaces the marked BPS codes of a raw table's kode_desa by the crosswalk's Kemendagri codes; a
 * code it lacks, or every code when `crosswalk` is null, becomes `BPS <code> <why>`, rejected
 * KODE_WILAYAH_TIDAK_DIKENAL. Returns how many rows found no code.
 */
export async function applyCrosswalk(
  conn: DuckDBConnection,
  table: string,
  crosswalk: Crosswalk | null,
): Promise<number> {
  const map = `${table}_bps`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${map} (bps VARCHAR, code VARCHAR)`);
  if (crosswalk?.size) {
    const appender = await conn.createAppender(map);
    try {
      for (const [bps, code] of crosswalk) {
        appender.appendVarchar(`${MARK}${bps}`);
        appender.appendVarchar(code);
        appender.endRow();
      }
    } finally {
      appender.closeSync();
    }
  }
  const why = sqlString(` ${crosswalk ? BPS_NOT_IN_CROSSWALK : BPS_NO_CROSSWALK}`);
  await conn.run(`UPDATE ${table} AS t SET kode_desa = coalesce(
      (SELECT m.code FROM ${map} AS m WHERE m.bps = t.kode_desa), t.kode_desa || ${why})
    WHERE t.kode_desa IS NOT NULL`);
  await conn.run(`DROP TABLE ${map}`);
  const counted = await conn.runAndReadAll(
    `SELECT count(*)::INTEGER AS n FROM ${table} WHERE ${unresolved('kode_desa')}`,
  );
  return Number(counted.getRowObjectsJS()[0].n);
}

const unresolved = (column: string) => `starts_with(${column}, ${sqlString(MARK)})`;

/**
 * The BPS codes of a table applyCrosswalk filled that found no Kemendagri code, with their rows,
 * most first, at most `limit`; masked by the one rule (warehouse/mask.ts) like every value shown.
 */
export async function unresolvedBpsCodes(
  conn: DuckDBConnection,
  table: string,
  limit: number,
): Promise<{ kode_bps: string; count: number }[]> {
  const code = `split_part(substr(kode_desa, ${MARK.length + 1}), ' ', 1)`;
  const rows = await conn.runAndReadAll(
    `SELECT ${maskValueSql(code, 'kode_desa')} AS c, count(*)::INTEGER AS n
     FROM ${table} WHERE ${unresolved('kode_desa')} GROUP BY ALL ORDER BY n DESC, c LIMIT ${limit}`,
  );
  return rows.getRowObjectsJS().map((r) => ({ kode_bps: String(r.c), count: Number(r.n) }));
}

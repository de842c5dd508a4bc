/**
 * Areas given by name (docs/registry.md, "Area by name"): a file with no kode_desa column but a
 * kecamatan and a desa/kelurahan name column has its code found in the wilayah reference of the
 * served region. Names are compared in the normal form of warehouse/area-names.ts (the rule the
 * boundary import uses too); no fuzzy matching. No match, or two desa of that name in that
 * kecamatan: the row keeps the names as its kode_desa and is rejected KODE_WILAYAH_TIDAK_DIKENAL.
 * An admin's area aliases (etl/mappings.ts: names as a file writes them → kode_desa) are consulted
 * before the reference.
 */
import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { normaliseAreaName } from '../warehouse/area-names.js';
import { maskValueSql } from '../warehouse/mask.js';
import { sqlString, wilayahCsv } from '../warehouse/wilayah.js';

/** Header names (normalised) of the kecamatan and the desa name columns. */
export const KECAMATAN_NAME_HEADERS = ['kecamatan', 'nama_kecamatan'];
export const DESA_NAME_HEADERS = [
  'desa',
  'kelurahan',
  'desa_kelurahan',
  'kelurahan_desa',
  'nama_desa',
];

/** The raw table's columns that hold the names, beside the contract columns. */
export const NAME_COLUMNS = { kecamatan: '_nama_kecamatan', desa: '_nama_desa' } as const;

interface Reference {
  /** `KECAMATAN|DESA` (normal forms) → the desa codes of that name there. */
  byName: Map<string, string[]>;
  /** Every desa code of the region. */
  codes: Set<string>;
}

/** The key a (kecamatan, desa) name pair is compared by: `KECAMATAN|DESA` in normal forms. */
export function areaNameKey(kecamatan: string, desa: string): string {
  return `${normaliseAreaName(kecamatan)}|${normaliseAreaName(desa)}`;
}

const references = new Map<string, Reference>();

function csvRows(file: string): string[][] {
  // idn-area-data's files: `code,parent_code,name`, names without commas or quotes.
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => l.replace(/\r$/, '').split(','));
}

/** The desa of the served region by (kecamatan, desa) name, read once per region. */
function reference(regionCode: string): Reference {
  const cached = references.get(regionCode);
  if (cached) return cached;
  const inRegion = (code: string) => code === regionCode || code.startsWith(`${regionCode}.`);
  const kecamatan = new Map(
    csvRows(wilayahCsv.districts)
      .filter(([code]) => inRegion(code))
      .map(([code, , name]) => [code, normaliseAreaName(name)]),
  );
  const byName = new Map<string, string[]>();
  const codes = new Set<string>();
  for (const [code, district, name] of csvRows(wilayahCsv.villages)) {
    const kec = kecamatan.get(district);
    if (kec === undefined) continue;
    const key = `${kec}|${normaliseAreaName(name)}`;
    byName.set(key, [...(byName.get(key) ?? []), code]);
    codes.add(code);
  }
  const built = { byName, codes };
  references.set(regionCode, built);
  return built;
}

/** Whether `code` (dotted) is a desa/kelurahan of the served region in the wilayah reference. */
export function isRegionDesa(regionCode: string, code: string): boolean {
  return reference(regionCode).codes.has(code);
}

/**
 * Fills the kode_desa column of a raw table read by name: the code an alias gives the names, else
 * the code where the names match exactly one desa of the region, else the names themselves
 * (`SELAT / DESA X`: the value the reject shows), NULL when either name is empty
 * (KOLOM_WAJIB_KOSONG). `aliases`: `KECAMATAN|DESA` as a file writes them → kode_desa. Returns
 * how many rows found no code.
 */
export async function resolveAreaNames(
  conn: DuckDBConnection,
  table: string,
  regionCode: string,
  aliases: Readonly<Record<string, string>> = {},
): Promise<number> {
  const { kecamatan, desa } = NAME_COLUMNS;
  const pairs = (
    await conn.runAndReadAll(`SELECT DISTINCT ${kecamatan} AS k, ${desa} AS d FROM ${table}`)
  ).getRowObjectsJS() as { k: string | null; d: string | null }[];
  const ref = reference(regionCode);
  const aliased = new Map(
    Object.entries(aliases).map(([names, code]) => {
      const at = names.indexOf('|');
      return [areaNameKey(names.slice(0, at), names.slice(at + 1)), code];
    }),
  );
  const map = `${table}_names`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${map} (k VARCHAR, d VARCHAR, code VARCHAR)`);
  const appender = await conn.createAppender(map);
  try {
    for (const { k, d } of pairs) {
      if (k === null || d === null || !k.trim() || !d.trim()) continue; // stays NULL
      const key = areaNameKey(k, d);
      const codes = ref.byName.get(key) ?? [];
      const code =
        aliased.get(key) ?? (codes.length === 1 ? codes[0] : `${k.trim()}${UNRESOLVED}${d.trim()}`);
      appender.appendVarchar(k);
      appender.appendVarchar(d);
      appender.appendVarchar(code);
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
  await conn.run(`UPDATE ${table} AS t SET kode_desa = m.code FROM ${map} AS m
    WHERE m.k = t.${kecamatan} AND m.d = t.${desa}`);
  const counted = await conn.runAndReadAll(
    `SELECT count(*)::INTEGER AS n FROM ${table} WHERE ${unresolved(table)}`,
  );
  await conn.run(`DROP TABLE ${map}`);
  return Number(counted.getRowObjectsJS()[0].n);
}

/** Between the names of a pair that found no code, in its kode_desa value. */
const UNRESOLVED = ' / ';
const unresolved = (table: string) =>
  `${table}.kode_desa IS NOT NULL AND ${table}.kode_desa LIKE ${sqlString(`%${UNRESOLVED}%`)}`;

/**
 * The (kecamatan, desa) name pairs of a table resolveAreaNames filled that found no code, with
 * their rows, most first, at most `limit`. Names are shown as the masking rule shows a value of
 * no known kind (long digit runs masked): an alias is made from them.
 */
export async function unresolvedAreaNames(
  conn: DuckDBConnection,
  table: string,
  limit: number,
): Promise<{ kecamatan: string; desa: string; count: number }[]> {
  const { kecamatan, desa } = NAME_COLUMNS;
  const rows = await conn.runAndReadAll(
    `SELECT ${maskValueSql(`trim(${kecamatan})`, null)} AS k, ${maskValueSql(`trim(${desa})`, null)} AS d,
       count(*)::INTEGER AS n
     FROM ${table} WHERE ${unresolved(table)} GROUP BY ALL ORDER BY n DESC, k, d LIMIT ${limit}`,
  );
  return rows.getRowObjectsJS().map((r) => ({
    kecamatan: String(r.k),
    desa: String(r.d),
    count: Number(r.n),
  }));
}

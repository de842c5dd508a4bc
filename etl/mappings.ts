/**
 * "Fix it in place" for uploaded files: an admin's maps, applied by every run and dry run before
 * the value rules (etl/README.md, "Maps for uploaded files").
 *
 * - column map: per feed, the file's header that holds a contract column (`NOMOR PESERTA` → nik);
 * - value map: per feed and enum column, a raw value as a file writes it → the contract value
 *   (`PBI DAERAH` → PBI_APBD);
 * - area aliases: a (kecamatan, desa) name pair as a file writes it → the kode_desa of a desa of
 *   the served region (for files that name areas instead of coding them).
 *
 * Keys are compared in the contract's normal forms: headers by `normaliseHeader` (feeds.ts), raw
 * values by the key of the SQL `etl_enum_key` (`normaliseEnumKey`, validate.ts), names by
 * `normaliseAreaName` (warehouse/area-names.ts). The maps are kept as versions in the data
 * folder (`peta/0001.json`, `peta/0002.json`, …): each save writes a new file whole (temporary
 * file, then a link that fails if the version exists), never changes an older one; the latest
 * is in force and the run summary names its version.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { areaNameKey, isRegionDesa } from './area-by-name.js';
import { FEED_NAMES, feedSpecs, normaliseHeader, type FeedName, type FeedSpec } from './feeds.js';
import { normaliseEnumKey } from './validate.js';
import { normaliseAreaCode, normaliseAreaName } from '../warehouse/area-names.js';
import { dataFolder } from '../warehouse/data-folder.js';
import { syncFile } from '../warehouse/durable.js';
import { sqlString } from '../warehouse/wilayah.js';

export interface Mappings {
  /** 0: no map saved yet. */
  version: number;
  changed_by: string | null;
  changed_at: string | null; // ISO
  note: string | null;
  /** feed → contract column → the file's header that holds it (as written in the file). */
  columns: Partial<Record<FeedName, Record<string, string>>>;
  /** feed → contract column (enum kind only) → raw value as written → contract value. */
  values: Partial<Record<FeedName, Record<string, Record<string, string>>>>;
  /** Area aliases: `KECAMATAN|DESA` names as a file writes them → kode_desa (13-char dotted code of the served region). */
  areas: Record<string, string>;
}

export interface MappingChange {
  columns?: { feed: FeedName; column: string; header: string | null }[]; // null removes
  values?: { feed: FeedName; column: string; raw: string; value: string | null }[];
  areas?: { kecamatan: string; desa: string; kode_desa: string | null }[];
}

/** A change that cannot be saved; the message says what to fix (Bahasa Indonesia / English). */
export class MappingError extends Error {
  constructor(
    message: string,
    /** Each problem on its own (the message joins them). */
    readonly problems: string[] = [message],
  ) {
    super(message);
    this.name = 'MappingError';
  }
}

/** No map saved yet. */
export function emptyMappings(): Mappings {
  return {
    version: 0,
    changed_by: null,
    changed_at: null,
    note: null,
    columns: {},
    values: {},
    areas: {},
  };
}

const VERSION_FILE = /^(\d{4,})\.json$/;
const versionFile = (version: number) => `${String(version).padStart(4, '0')}.json`;

/** The versions saved in a data folder, ascending. */
async function versions(dataDir: string): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(dataFolder(dataDir).mappings);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .map((n) => VERSION_FILE.exec(n)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The string entries of a record (a map as stored), dropping anything else. */
function strings(v: unknown): Record<string, string> {
  if (!isRecord(v)) return {};
  return Object.fromEntries(
    Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/** A record of records, each read by `inner`. */
function nested<T>(v: unknown, inner: (x: unknown) => T): Record<string, T> {
  if (!isRecord(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inner(x)]));
}

async function readVersion(dataDir: string, version: number): Promise<Mappings> {
  const file = path.join(dataFolder(dataDir).mappings, versionFile(version));
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new MappingError(
      `Peta berkas ${file} tidak dapat dibaca (${(error as Error).message}): simpan ulang peta dari halaman unggah / the map file cannot be read`,
    );
  }
  const m = isRecord(parsed) ? parsed : {};
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    version,
    changed_by: text(m.changed_by),
    changed_at: text(m.changed_at),
    note: text(m.note),
    columns: nested(m.columns, strings),
    values: nested(m.values, (x) => nested(x, strings)),
    areas: strings(m.areas),
  };
}

/** The maps in force: the latest version, or an empty version 0. */
export async function readMappings(dataDir: string): Promise<Mappings> {
  const all = await versions(dataDir);
  return all.length === 0 ? emptyMappings() : readVersion(dataDir, all[all.length - 1]);
}

/** Every saved version, newest first. */
export async function mappingHistory(dataDir: string): Promise<
  {
    version: number;
    changed_by: string | null;
    changed_at: string | null;
    note: string | null;
  }[]
> {
  const all = (await versions(dataDir)).reverse();
  const out = [];
  for (const version of all) {
    const { changed_by, changed_at, note } = await readVersion(dataDir, version);
    out.push({ version, changed_by, changed_at, note });
  }
  return out;
}

const MAX_TEXT = 200;

/** The columns of a feed's file kinds by name (dtsen: family and member columns). */
function feedColumns(feed: FeedName): Map<string, FeedSpec['columns'][number]> {
  const out = new Map<string, FeedSpec['columns'][number]>();
  for (const spec of feedSpecs(feed))
    for (const c of spec.columns) if (!out.has(c.name)) out.set(c.name, c);
  return out;
}

/** The key of a record whose normal form equals `key`'s, if any (the one to replace). */
function sameKey(record: Record<string, unknown>, key: string, normal: (s: string) => string) {
  return Object.keys(record).filter((k) => normal(k) === normal(key));
}

/** The new maps: `base` with `change` applied, or the problems found. */
function applyChange(
  base: Mappings,
  change: MappingChange,
  regionCode: string,
): { next: Mappings; problems: string[] } {
  const problems: string[] = [];
  const next = structuredClone(base);
  const feedOf = (feed: unknown, what: string): FeedName | null => {
    if (typeof feed === 'string' && (FEED_NAMES as readonly string[]).includes(feed))
      return feed as FeedName;
    problems.push(
      `${what}: feed ${JSON.stringify(feed ?? null)} tidak dikenal; pilih salah satu dari ${FEED_NAMES.join(', ')}`,
    );
    return null;
  };
  const text = (v: unknown, what: string, nullable: boolean): string | null | undefined => {
    if (v === null && nullable) return null;
    if (typeof v !== 'string' || !v.trim()) {
      problems.push(`${what} harus diisi teks${nullable ? ' (atau null untuk menghapus)' : ''}`);
      return undefined;
    }
    if (v.length > MAX_TEXT) {
      problems.push(`${what} terlalu panjang (lebih dari ${MAX_TEXT} karakter)`);
      return undefined;
    }
    return v.trim();
  };
  if (!isRecord(change)) {
    return { next, problems: ['Perubahan peta harus objek {columns, values, areas}'] };
  }
  const list = (v: unknown, what: string): Record<string, unknown>[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || !v.every(isRecord)) {
      problems.push(`${what} harus daftar objek`);
      return [];
    }
    return v;
  };
  const columnChanges = list(change.columns, 'columns');
  const valueChanges = list(change.values, 'values');
  const areaChanges = list(change.areas, 'areas');
  if (columnChanges.length + valueChanges.length + areaChanges.length === 0)
    problems.push('Tidak ada perubahan peta yang dikirim: isi columns, values atau areas');

  for (const [i, c] of columnChanges.entries()) {
    const where = `columns[${i}]`;
    const feed = feedOf(c.feed, where);
    const header = text(c.header, `${where}.header`, true);
    if (!feed || header === undefined) continue;
    const columns = feedColumns(feed);
    const column = typeof c.column === 'string' ? c.column : '';
    if (!columns.has(column)) {
      problems.push(
        `${where}: kolom ${JSON.stringify(c.column ?? null)} tidak ada di feed ${feed}; kolom kontraknya: ${[...columns.keys()].join(', ')}`,
      );
      continue;
    }
    const map = (next.columns[feed] ??= {});
    if (header === null) {
      delete map[column];
      continue;
    }
    const key = normaliseHeader(header);
    if (!key) {
      problems.push(`${where}.header ${JSON.stringify(header)} kosong setelah dinormalkan`);
      continue;
    }
    if (columns.has(key) && key !== column) {
      problems.push(
        `${where}: judul ${JSON.stringify(header)} adalah nama kontrak kolom ${key}; judul itu selalu dibaca sebagai ${key}, tidak dapat dipetakan ke ${column}`,
      );
      continue;
    }
    const taken = Object.entries(map).find(
      ([other, h]) => other !== column && normaliseHeader(h) === key,
    );
    if (taken) {
      problems.push(
        `${where}: judul ${JSON.stringify(header)} sudah dipetakan ke kolom ${taken[0]} di feed ${feed}; hapus peta itu dulu`,
      );
      continue;
    }
    map[column] = header;
  }

  for (const [i, v] of valueChanges.entries()) {
    const where = `values[${i}]`;
    const feed = feedOf(v.feed, where);
    const raw = text(v.raw, `${where}.raw`, false);
    const value = text(v.value, `${where}.value`, true);
    if (!feed || raw === undefined || raw === null || value === undefined) continue;
    const col = feedColumns(feed).get(typeof v.column === 'string' ? v.column : '');
    if (!col || col.kind !== 'enum') {
      const enums = [...feedColumns(feed).values()].filter((c) => c.kind === 'enum');
      problems.push(
        `${where}: kolom ${JSON.stringify(v.column ?? null)} bukan kolom pilihan (enum) feed ${feed}; yang bisa dipetakan nilainya: ${enums.map((c) => c.name).join(', ') || '(tidak ada)'}`,
      );
      continue;
    }
    const byColumn = (next.values[feed] ??= {});
    const map = (byColumn[col.name] ??= {});
    for (const k of sameKey(map, raw, normaliseEnumKey)) delete map[k];
    if (value !== null) {
      const allowed = col.values ?? [];
      if (!allowed.includes(value)) {
        problems.push(
          `${where}: nilai ${JSON.stringify(value)} bukan nilai kontrak kolom ${col.name}; pilih salah satu dari ${allowed.join(', ')}`,
        );
        continue;
      }
      if (!normaliseEnumKey(raw)) {
        problems.push(`${where}.raw ${JSON.stringify(raw)} kosong setelah dinormalkan`);
        continue;
      }
      map[raw] = value;
    }
    if (Object.keys(map).length === 0) delete byColumn[col.name];
  }

  for (const [i, a] of areaChanges.entries()) {
    const where = `areas[${i}]`;
    const kecamatan = text(a.kecamatan, `${where}.kecamatan`, false);
    const desa = text(a.desa, `${where}.desa`, false);
    if (!kecamatan || !desa) continue;
    if (kecamatan.includes('|') || desa.includes('|')) {
      problems.push(`${where}: nama kecamatan dan desa tidak boleh memuat tanda |`);
      continue;
    }
    if (!normaliseAreaName(kecamatan) || !normaliseAreaName(desa)) {
      problems.push(`${where}: nama kecamatan atau desa kosong setelah dinormalkan`);
      continue;
    }
    const key = areaNameKey(kecamatan, desa);
    for (const k of Object.keys(next.areas)) {
      const at = k.indexOf('|');
      if (areaNameKey(k.slice(0, at), k.slice(at + 1)) === key) delete next.areas[k];
    }
    if (a.kode_desa === null) continue;
    const code = normaliseAreaCode(a.kode_desa);
    if (code === null || code.length !== 13 || !isRegionDesa(regionCode, code)) {
      problems.push(
        `${where}: kode_desa ${JSON.stringify(a.kode_desa ?? null)} bukan kode desa/kelurahan wilayah ${regionCode} (rujukan Kemendagri, mis. ${regionCode}.01.1001 — 13 karakter bertitik)`,
      );
      continue;
    }
    next.areas[`${kecamatan}|${desa}`] = code;
  }
  for (const feed of Object.keys(next.columns) as FeedName[])
    if (Object.keys(next.columns[feed] ?? {}).length === 0) delete next.columns[feed];
  for (const feed of Object.keys(next.values) as FeedName[])
    if (Object.keys(next.values[feed] ?? {}).length === 0) delete next.values[feed];
  return { next, problems };
}

/**
 * Saves a change of the maps as a new version (`peta/<NNNN>.json`) and returns it. Checks every
 * entry first — the feed exists, the column is one of its contract columns (value map: an enum
 * column, and the value one of its contract values), kode_desa is a desa of the served region —
 * and throws MappingError naming each problem; nothing is written then. A version is written to
 * a temporary file, flushed, and linked to its name (a link fails where a file exists, so two
 * saves at once never overwrite each other: the later one is applied on top of the other).
 */
export async function saveMappings(
  dataDir: string,
  change: MappingChange,
  actor: string,
  note: string | null,
  regionCode: string,
): Promise<Mappings> {
  const dir = dataFolder(dataDir).mappings;
  for (let attempt = 0; ; attempt++) {
    const base = await readMappings(dataDir);
    const { next, problems } = applyChange(base, change, regionCode);
    if (problems.length > 0)
      throw new MappingError(
        `Peta tidak disimpan: ${problems.join('; ')} / the map was not saved`,
        problems,
      );
    const saved: Mappings = {
      ...next,
      version: base.version + 1,
      changed_by: actor,
      changed_at: new Date().toISOString(),
      note: note?.trim() ? note.trim() : null,
    };
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, versionFile(saved.version));
    const temp = path.join(
      dir,
      `.${versionFile(saved.version)}.${randomBytes(6).toString('hex')}.tmp`,
    );
    await writeFile(temp, JSON.stringify(saved, null, 2) + '\n', { mode: 0o640 });
    try {
      await syncFile(temp);
      await link(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error;
      continue; // another save took this version: apply the change on top of it
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    await syncFile(dir);
    return saved;
  }
}

/**
 * The value map of one read file as SQL: per enum column of the file kind with entries, one
 * UPDATE that rewrites the raw values whose key (`etl_enum_key(trim(value))`) is mapped to their
 * contract value.
 */
export function valueMapSql(
  spec: FeedSpec,
  table: string,
  values: Mappings['values'][FeedName] | undefined,
): string[] {
  const out: string[] = [];
  for (const col of spec.columns) {
    const map = values?.[col.name];
    if (col.kind !== 'enum' || !map) continue;
    const pairs = new Map(
      Object.entries(map).map(([raw, value]) => [normaliseEnumKey(raw), value]),
    );
    if (pairs.size === 0) continue;
    const ref = `"${col.name}"`;
    const key = `etl_enum_key(trim(${ref}))`;
    out.push(
      `UPDATE ${table} SET ${ref} = CASE ${key} ${[...pairs]
        .map(([k, v]) => `WHEN ${sqlString(k)} THEN ${sqlString(v)}`)
        .join(' ')} END WHERE ${key} IN (${[...pairs.keys()].map(sqlString).join(', ')})`,
    );
  }
  return out;
}

/** Applies the value map to a raw table (see valueMapSql). */
export async function applyValueMap(
  conn: DuckDBConnection,
  spec: FeedSpec,
  table: string,
  values: Mappings['values'][FeedName] | undefined,
): Promise<void> {
  for (const sql of valueMapSql(spec, table, values)) await conn.run(sql);
}

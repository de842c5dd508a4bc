/**
 * The settings the API and the ETL share (issue 10: one configuration object read once from the
 * environment): the data folder, the served region, the as-of date, the pseudonym key, the ETL's
 * memory, the publish guard and the small-count threshold. Each part adds its own variables on
 * top (api/config/config.ts: port, cron, accounts…; etl/config.ts: settle time, read limits) into
 * the same list of problems, so a bad start names every wrong variable at once, with the fix.
 * Here because both parts may import warehouse/ and neither may import the other
 * (tests/gates/imports.test.ts).
 */
import path from 'node:path';
import { parseDropShare } from './guard.js';
import { REGION_CODE_PATTERN } from './area-names.js';
import { regionNames } from './wilayah.js';

export type Env = Record<string, string | undefined>;

export interface SharedConfig {
  /** DATA_DIR: lake, warehouse, archive, app database (default ./data). */
  dataDir: string;
  /** INBOX_DIR: where the feeds' files arrive (default <dataDir>/inbox). */
  inboxDir: string;
  /** REGION_CODE: the served kabupaten/kota, Kemendagri code (default 62.03, Kapuas). */
  regionCode: string;
  regionName: string;
  /** AS_OF: fixed as-of date of the ETL (tests, demos); null = today. */
  asOf: string | null;
  /** PSEUDONYM_KEY: 64 hex characters; undefined = the key file of the data folder. */
  pseudonymKey: string | undefined;
  /** ETL_MEMORY_LIMIT: DuckDB memory of an ETL run (default 2GB). */
  memoryLimit: string;
  /** PUBLISH_GUARD_DROP (warehouse/guard.ts): share a figure may fall by before a run is held; 0 = off. */
  publishGuardDrop: number;
  /**
   * SMALL_COUNT_THRESHOLD: desa-level counts of 1 to this − 1 people are withheld in presentation
   * mode and public exports (`publik=true`, api/common/small-count.ts); 0 turns it off.
   */
  smallCountThreshold: number;
}

/** Every problem of a configuration, one line each: `VAR='value': what to send instead`. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Konfigurasi tidak valid / invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }

  /** One line, for a command whose caller keeps only the first line of an error (the ETL). */
  get line(): string {
    return `Konfigurasi tidak valid / invalid configuration: ${this.problems.join('; ')}`;
  }
}

export function parseRegion(raw: string | undefined, problems: string[]): [string, string] {
  const code = raw === undefined || raw === '' ? '62.03' : raw.trim();
  const name = REGION_CODE_PATTERN.test(code) ? regionNames().get(code) : undefined;
  if (!name) {
    problems.push(
      `REGION_CODE='${code}': bukan kode kabupaten/kota atau provinsi Kemendagri yang dikenal / ` +
        `not a known kabupaten/kota or province code (format NN.NN, contoh 62.03 untuk Kabupaten ` +
        `Kapuas; atau NN untuk satu provinsi, contoh 62 untuk Kalimantan Tengah)`,
    );
    return [code, code];
  }
  return [code, name];
}

function parseAsOf(raw: string | undefined, problems: string[]): string | null {
  if (raw === undefined || raw === '') return null;
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(`${raw}T00:00:00Z`));
  if (!ok || new Date(`${raw}T00:00:00Z`).toISOString().slice(0, 10) !== raw) {
    problems.push(
      `AS_OF='${raw}': harus tanggal YYYY-MM-DD / must be a date YYYY-MM-DD (contoh 2024-07-05)`,
    );
    return null;
  }
  return raw;
}

/** The key itself is never repeated in a message. */
function parsePseudonymKey(raw: string | undefined, problems: string[]): string | undefined {
  const key = raw?.trim() || undefined;
  if (key && !/^[0-9a-fA-F]{64}$/.test(key)) {
    problems.push(
      'PSEUDONYM_KEY: harus 64 karakter heksadesimal (32 byte; nilainya tidak ditampilkan) / ' +
        'must be 64 hexadecimal characters (value not shown)',
    );
    return undefined;
  }
  return key;
}

/** A DuckDB memory limit as ETL_MEMORY_LIMIT takes it: `2GB`, `512MB`, `1.5GiB`. */
const MEMORY_LIMIT = /^(\d+(?:\.\d+)?)\s*(MB|GB|MiB|GiB)$/i;

/** Bytes of a memory limit in the ETL_MEMORY_LIMIT form (2 GB for anything else). */
export function memoryBytes(limit: string): number {
  const m = MEMORY_LIMIT.exec(limit.trim());
  if (!m) return 2e9;
  const unit = { mb: 1e6, gb: 1e9, mib: 2 ** 20, gib: 2 ** 30 }[m[2].toLowerCase() as 'mb'];
  return Number(m[1]) * unit;
}

/**
 * The DuckDB options of an instance that loads or builds with `limit` of memory: the limit, and
 * as much memory kept by DuckDB's block allocator for reuse rather than handed back to the system
 * after every operator and asked for again by the next (page faults: a sixth of the CPU time of a
 * large run went to the kernel). The memory is kept only while the instance is open. Measured on
 * the demo at scale 10 (2 cores): the whole ETL run 132 s -> 107 s, its peak RSS 1.8 -> 2.4 GB.
 */
export function duckdbMemoryOptions(limit: string): Record<string, string> {
  return { memory_limit: limit, block_allocator_memory: limit };
}

function parseMemoryLimit(raw: string | undefined, problems: string[]): string {
  const limit = raw?.trim() || '2GB';
  if (!MEMORY_LIMIT.test(limit)) {
    problems.push(
      `ETL_MEMORY_LIMIT='${raw}': harus seperti 2GB atau 512MB / must be like 2GB or 512MB`,
    );
    return '2GB';
  }
  return limit;
}

function parseGuardDrop(raw: string | undefined, problems: string[]): number {
  try {
    return parseDropShare(raw);
  } catch (error) {
    problems.push((error as Error).message);
    return 0.5;
  }
}

export function parseSmallCount(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return 5;
  const n = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || n > 100) {
    problems.push(
      `SMALL_COUNT_THRESHOLD='${raw}': harus bilangan bulat 0–100 (angka desa 1 s.d. nilai ini − 1 ` +
        `ditulis '< nilai' di mode presentasi dan ekspor publik; 0 = mati) / must be an integer ` +
        `0–100 (0 = off), e.g. 5`,
    );
    return 5;
  }
  return n;
}

/** The shared settings; each problem is added to `problems` (the caller throws ConfigError). */
export function readSharedConfig(env: Env, problems: string[]): SharedConfig {
  const dataDir = path.resolve(env.DATA_DIR || './data');
  const [regionCode, regionName] = parseRegion(env.REGION_CODE, problems);
  return {
    dataDir,
    inboxDir: path.resolve(env.INBOX_DIR || path.join(dataDir, 'inbox')),
    regionCode,
    regionName,
    asOf: parseAsOf(env.AS_OF, problems),
    pseudonymKey: parsePseudonymKey(env.PSEUDONYM_KEY, problems),
    memoryLimit: parseMemoryLimit(env.ETL_MEMORY_LIMIT, problems),
    publishGuardDrop: parseGuardDrop(env.PUBLISH_GUARD_DROP, problems),
    smallCountThreshold: parseSmallCount(env.SMALL_COUNT_THRESHOLD, problems),
  };
}

/** The shared settings alone (commands that need nothing more); throws ConfigError. */
export function loadSharedConfig(env: Env = process.env): SharedConfig {
  const problems: string[] = [];
  const config = readSharedConfig(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * Read-only access to the published `<data>/warehouse.duckdb`, switching to a newly published file
 * without a restart. The ETL publishes by renaming a finished file over the old one, so the inode
 * we hold stays readable: we open the new file beside it, point new queries at it, and close the
 * old instance only when its last in-flight query has finished (reference count). A request thus
 * never sees a closed connection, and results are consistent within one generation.
 */
import {
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  ServiceUnavailableException,
} from '@nestjs/common';
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { type FSWatcher, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { modelVersion } from '../../warehouse/build.js';
import { dataFolder } from '../../warehouse/data-folder.js';

export type Row = Record<string, unknown>;
export type Params = Record<string, DuckDBValue>;

const NOT_READY =
  'Data belum tersedia: ETL pertama sedang berjalan atau belum berhasil, coba lagi sebentar lagi ' +
  '(lihat /api/etl/status). / No data yet: the first ETL run is in progress or has not succeeded.';
const REBUILDING =
  'Data sedang dibangun ulang untuk versi aplikasi ini, coba lagi sebentar lagi (lihat ' +
  '/api/etl/status). / The warehouse is being rebuilt for this version of the application.';
const CACHE_LIMIT = 2000;
const CHECK_INTERVAL_MS = 1000;

class Generation {
  refs = 0;
  retired = false;
  readonly idle: DuckDBConnection[] = [];
  /** Results are immutable per published file, so caching them per generation is exact. */
  readonly cache = new Map<string, Promise<unknown>>();

  constructor(
    readonly id: number,
    readonly fileKey: string,
    readonly instance: DuckDBInstance,
  ) {}
}

/** Converts DuckDB JS values to JSON-friendly ones (BIGINT → number, DATE → YYYY-MM-DD). */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return value;
}

/** warehouse_meta.model_version of a file; null for files built before it was recorded. */
async function builtVersion(instance: DuckDBInstance): Promise<string | null> {
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT value FROM warehouse_meta WHERE key = 'model_version'`,
    );
    const row = reader.getRowObjectsJS()[0];
    return row ? String(row.value) : null;
  } catch {
    return null;
  } finally {
    connection.closeSync();
  }
}

@Injectable()
export class WarehouseService implements OnModuleDestroy {
  private readonly logger = new Logger('Warehouse');
  private readonly file: string;
  private current: Generation | null = null;
  private nextId = 1;
  private lastCheck = 0;
  private refreshing: Promise<void> | null = null;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly version = modelVersion();
  /** The published file is of another model version (not served); set until a rebuild. */
  outdated = false;
  private lastRejected: string | null = null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.file = dataFolder(config.dataDir).warehouse;
  }

  /** Starts noticing publications: fs.watch for speed, a 1 s stat as the reliable fallback. */
  async start(): Promise<void> {
    await this.refresh();
    try {
      this.watcher = watch(path.dirname(this.file), (_event, name) => {
        if (name === path.basename(this.file)) void this.refresh();
      });
      this.watcher.on('error', () => undefined);
    } catch {
      this.logger.warn('fs.watch tidak tersedia; memeriksa berkas setiap detik');
    }
    this.timer = setInterval(() => void this.refresh(), CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  get available(): boolean {
    return this.current !== null;
  }

  get generation(): number {
    return this.current?.id ?? 0;
  }

  /** Re-reads the published file if it changed; single-flight. */
  refresh(): Promise<void> {
    this.refreshing ??= this.swapIfChanged().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  async query(sql: string, params: Params = {}): Promise<Row[]> {
    const gen = await this.acquire();
    try {
      return await this.run(gen, sql, params);
    } finally {
      this.release(gen);
    }
  }

  /** Memoises a computation for the lifetime of the current published file. */
  async cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const gen = await this.acquire();
    try {
      let hit = gen.cache.get(key) as Promise<T> | undefined;
      if (!hit) {
        if (gen.cache.size >= CACHE_LIMIT) gen.cache.clear();
        hit = compute();
        gen.cache.set(key, hit);
        hit.catch(() => gen.cache.delete(key));
      }
      return await hit;
    } finally {
      this.release(gen);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    const gen = this.current;
    this.current = null;
    if (gen) this.retire(gen);
  }

  private async acquire(): Promise<Generation> {
    if (!this.current || Date.now() - this.lastCheck > CHECK_INTERVAL_MS) {
      // Only wait when there is nothing to serve; otherwise keep serving the current file.
      const pending = this.refresh();
      if (!this.current) await pending;
    }
    const gen = this.current;
    if (!gen) throw new ServiceUnavailableException(this.outdated ? REBUILDING : NOT_READY);
    gen.refs += 1;
    return gen;
  }

  private release(gen: Generation): void {
    gen.refs -= 1;
    if (gen.retired && gen.refs === 0) this.close(gen);
  }

  private async run(gen: Generation, sql: string, params: Params): Promise<Row[]> {
    const connection = gen.idle.pop() ?? (await gen.instance.connect());
    try {
      const reader = await connection.runAndReadAll(sql, params);
      return reader.getRowObjectsJS().map((row) => {
        const out: Row = {};
        for (const [key, value] of Object.entries(row)) out[key] = plain(value);
        return out;
      });
    } finally {
      if (gen.retired) connection.closeSync();
      else gen.idle.push(connection);
    }
  }

  private async swapIfChanged(): Promise<void> {
    this.lastCheck = Date.now();
    const key = await this.fileKey();
    if (key === (this.current?.fileKey ?? null) || key === this.lastRejected) return;
    if (key === null) return; // file removed: keep serving what we have
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(this.file, { access_mode: 'READ_ONLY' });
    } catch (error) {
      this.logger.warn(`Gagal membuka warehouse baru, tetap memakai yang lama: ${String(error)}`);
      return;
    }
    const version = await builtVersion(instance);
    if (version !== this.version) {
      // Built by other code (an upgrade since the last ETL run): its tables may lack what this
      // API reads. Not served; main.ts rebuilds it from the lake at start-up.
      instance.closeSync();
      if (!this.outdated)
        this.logger.warn(
          `Warehouse dibangun oleh versi lain (${version ?? 'tanpa versi'}, kini ${this.version}); ` +
            'menunggu ETL membangunnya ulang dari lake.',
        );
      this.outdated = true;
      this.lastRejected = key;
      return;
    }
    this.outdated = false;
    const previous = this.current;
    this.current = new Generation(this.nextId++, key, instance);
    this.logger.log(`Warehouse dibuka (generasi ${this.current.id})`);
    if (previous) this.retire(previous);
  }

  private async fileKey(): Promise<string | null> {
    try {
      const s = await stat(this.file);
      return `${s.ino}:${s.mtimeMs}:${s.size}`;
    } catch {
      return null;
    }
  }

  private retire(gen: Generation): void {
    gen.retired = true;
    if (gen.refs === 0) this.close(gen);
  }

  private close(gen: Generation): void {
    for (const connection of gen.idle.splice(0)) connection.closeSync();
    gen.cache.clear();
    gen.instance.closeSync();
  }
}

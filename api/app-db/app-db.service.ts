/**
 * `<data>/app.duckdb`: what people type in and what must survive every warehouse rebuild. The API
 * is its only owner (DuckDB locks a file per process), and its schema only moves forward through
 * the numbered SQL files in migrations/, recorded in schema_migrations.
 */
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { apiAssetDir } from '../common/paths.js';
import { dataFolder } from '../../warehouse/data-folder.js';

const MIGRATIONS_DIR = path.join(apiAssetDir, 'app-db', 'migrations');

@Injectable()
export class AppDbService implements OnModuleDestroy {
  private readonly logger = new Logger('AppDb');
  private instance: DuckDBInstance | null = null;
  private connection: DuckDBConnection | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The data folder app.duckdb lives in. */
  get dataDir(): string {
    return this.config.dataDir;
  }

  async open(): Promise<void> {
    await mkdir(this.config.dataDir, { recursive: true });
    this.instance = await DuckDBInstance.create(dataFolder(this.config.dataDir).appDb);
    this.connection = await this.instance.connect();
    await this.migrate();
  }

  /** True when the database is open and answers. */
  async ping(): Promise<boolean> {
    if (!this.connection) return false;
    await this.connection.run('SELECT 1');
    return true;
  }

  async query(
    sql: string,
    params: Record<string, DuckDBValue> = {},
  ): Promise<Record<string, unknown>[]> {
    if (!this.connection) return [];
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS();
  }

  async migrate(): Promise<string[]> {
    const db = this.connection!;
    await db.run(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)`,
    );
    const done = new Set(
      (
        await (await db.runAndReadAll('SELECT version FROM schema_migrations')).getRowObjectsJS()
      ).map((r) => String(r.version)),
    );
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
    const applied: string[] = [];
    for (const file of files.filter((f) => !done.has(f))) {
      const sql = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
      await db.run('BEGIN TRANSACTION');
      try {
        await db.run(sql);
        await db.run('INSERT INTO schema_migrations (version) VALUES ($v)', { v: file });
        await db.run('COMMIT');
      } catch (error) {
        await db.run('ROLLBACK');
        throw new Error(`Migrasi app.duckdb ${file} gagal: ${String(error)}`);
      }
      applied.push(file);
      this.logger.log(`Migrasi diterapkan: ${file}`);
    }
    return applied;
  }

  onModuleDestroy(): void {
    this.connection?.closeSync();
    this.instance?.closeSync();
    this.connection = null;
    this.instance = null;
  }
}

/**
 * Restores a backup of api/ops/backup.ts into a data folder. The folder must be empty (or
 * `force`, which replaces app.duckdb, the lake and the key and drops the old warehouse, derived
 * from the old lake). Every archive entry is checked before anything is extracted: only the
 * backup's own files, no absolute paths, no `..`, no links. The warehouse is rebuilt afterwards
 * by an ETL run (the API does that by itself on a folder without a warehouse).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { acquireLock } from '../../warehouse/lock.js';
import {
  APP_DB_FILE,
  dataFolder,
  KEY_FILE,
  LAKE_DIR,
  EXCHANGE_KEY_FILE,
  EXCHANGE_PUBLIC_KEY_FILE,
  EXCHANGE_KEYS_DIR,
  MAPPINGS_DIR,
  WAREHOUSE_FILE,
} from '../../warehouse/data-folder.js';
import { FORMAT, MANIFEST, type Manifest, OpsError, snapshotAppDb, tar } from './backup.js';

const ALLOWED = new RegExp(
  `^(\\./)?(${MANIFEST.replace('.', '\\.')}|${APP_DB_FILE.replace('.', '\\.')}|${KEY_FILE.replace('.', '\\.')}|${LAKE_DIR}(/.*)?|${MAPPINGS_DIR}(/.*)?|${EXCHANGE_KEYS_DIR}(/.*)?|${EXCHANGE_KEY_FILE.replace('.', '\\.')}|${EXCHANGE_PUBLIC_KEY_FILE.replace('.', '\\.')})$`,
);

async function checkEntries(file: string): Promise<void> {
  const verbose = (await tar(['-tvzf', file])).split('\n').filter(Boolean);
  const names = (await tar(['-tzf', file])).split('\n').filter(Boolean);
  const bad = names.filter((n) => !ALLOWED.test(n) || n.split('/').includes('..'));
  const links = verbose.filter((line) => !/^[-d]/.test(line));
  if (bad.length > 0 || links.length > 0 || !names.some((n) => n.replace(/^\.\//, '') === MANIFEST))
    throw new OpsError(
      `${file} bukan backup Dasbor Pokja yang valid (isi tak dikenal: ` +
        `${[...bad, ...links].slice(0, 3).join(', ') || `${MANIFEST} tidak ada`}).`,
    );
}

async function prepareTarget(dataDir: string, force: boolean): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const entries = await readdir(dataDir);
  if (entries.length === 0) return;
  if (!force)
    throw new OpsError(
      `Folder tujuan ${dataDir} tidak kosong (${entries.slice(0, 5).join(', ')}). Pulihkan ke ` +
        `folder kosong, atau tambahkan --force untuk menimpa app.duckdb, lake dan kunci di sana.`,
    );
  // Refuses while an API (app.duckdb) or an ETL run (lock) uses the folder.
  const { appDb } = dataFolder(dataDir);
  if (existsSync(appDb)) await snapshotAppDb(appDb, `${appDb}.sebelum-restore`);
  const lock = await acquireLock(dataDir, `restore-${Date.now()}`);
  try {
    for (const name of [
      APP_DB_FILE,
      `${APP_DB_FILE}.wal`,
      LAKE_DIR,
      MAPPINGS_DIR,
      EXCHANGE_KEYS_DIR,
      KEY_FILE,
      WAREHOUSE_FILE,
    ])
      await rm(path.join(dataDir, name), { recursive: true, force: true });
  } finally {
    await lock.release();
  }
}

/** Opens the restored app.duckdb: a damaged file fails here, not at the next API start. */
async function appliedMigrations(file: string): Promise<string[]> {
  const db = await DuckDBInstance.create(file);
  const conn = await db.connect();
  try {
    const reader = await conn.runAndReadAll('SELECT version FROM schema_migrations ORDER BY 1');
    return reader.getRowObjectsJS().map((r) => String(r.version));
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

export async function restore(
  from: string,
  dataDir: string,
  force = false,
): Promise<{ manifest: Manifest; migrations: string[] }> {
  if (!existsSync(from)) throw new OpsError(`Berkas backup ${from} tidak ada.`);
  await checkEntries(from);
  await prepareTarget(dataDir, force);
  await tar(['-xzf', from, '-C', dataDir, '--no-same-owner', '--no-same-permissions']);
  const manifest = JSON.parse(await readFile(path.join(dataDir, MANIFEST), 'utf8')) as Manifest;
  await rm(path.join(dataDir, MANIFEST));
  if (manifest.format !== FORMAT || manifest.version !== 1)
    throw new OpsError(
      `${from}: format backup ${manifest.format} v${manifest.version} tidak dikenal.`,
    );
  const folder = dataFolder(dataDir);
  if (existsSync(folder.key)) await chmod(folder.key, 0o600);
  const { appDb } = folder;
  const migrations = existsSync(appDb) ? await appliedMigrations(appDb) : [];
  return { manifest, migrations };
}

/**
 * Backup and restore of a data folder: `app.duckdb` (what people typed in), the lake (the
 * pseudonymised history every warehouse is rebuilt from) and the pseudonym key, in one .tar.gz.
 * The warehouse is derived and left out (an ETL run rebuilds it from the lake); so are the inbox
 * and `archive/`, which hold the offices' raw exports with real NIK and names.
 *
 * Consistency: DuckDB lets one process hold a file it writes, so the backup needs the API stopped
 * (it opens app.duckdb itself, folds the write-ahead log in with a CHECKPOINT and copies the
 * file byte for byte, sequences included). It holds the ETL lock while it reads the lake, so no
 * run changes the lake half-way. The archive contains the key: it is written with mode 0600.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { acquireLock, EtlBusyError } from '../../warehouse/lock.js';
import {
  APP_DB_FILE,
  dataFolder,
  KEY_FILE,
  LAKE_DIR,
  EXCHANGE_KEY_FILE,
  EXCHANGE_PUBLIC_KEY_FILE,
  EXCHANGE_KEYS_DIR,
  MAPPINGS_DIR,
} from '../../warehouse/data-folder.js';

export const MANIFEST = 'manifest.json';
export const FORMAT = 'dasbor-pokja-backup';

export class OpsError extends Error {}

export interface Manifest {
  format: typeof FORMAT;
  version: 1;
  created_at: string;
  contents: { app_db: boolean; lake_files: number; key: boolean };
}

export function tar(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('tar', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) =>
      reject(new OpsError(`Perintah tar tidak dapat dijalankan: ${e.message}`)),
    );
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new OpsError(`tar gagal (${code}): ${err.trim()}`)),
    );
  });
}

/** Opens app.duckdb read-write (proof that no API holds it), checkpoints, copies it. */
export async function snapshotAppDb(source: string, target: string): Promise<void> {
  let db: DuckDBInstance;
  try {
    db = await DuckDBInstance.create(source);
  } catch (error) {
    if (/lock/i.test(String(error)))
      throw new OpsError(
        `${source} sedang dipakai proses lain (API berjalan?). Hentikan API dulu, lalu ulangi. / ` +
          `the file is in use: stop the API first.`,
      );
    throw error;
  }
  const conn = await db.connect();
  try {
    await conn.run('CHECKPOINT');
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  await copyFile(source, target);
}

async function countFiles(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) n += 1;
  return n;
}

export interface BackupResult {
  file: string;
  manifest: Manifest;
  warnings: string[];
}

export async function backup(dataDir: string, outFile: string): Promise<BackupResult> {
  if (!existsSync(dataDir)) throw new OpsError(`Folder data ${dataDir} tidak ada.`);
  if (existsSync(outFile)) throw new OpsError(`${outFile} sudah ada; pilih nama berkas lain.`);
  let lock: Awaited<ReturnType<typeof acquireLock>>;
  try {
    lock = await acquireLock(dataDir, `backup-${Date.now()}`);
  } catch (error) {
    if (error instanceof EtlBusyError) throw new OpsError(`${error.message} Lalu ulangi backup.`);
    throw error;
  }
  const staging = await mkdtemp(path.join(tmpdir(), 'dasbor-backup-'));
  try {
    const warnings: string[] = [];
    const folder = dataFolder(dataDir);
    const hasAppDb = existsSync(folder.appDb);
    if (hasAppDb) await snapshotAppDb(folder.appDb, dataFolder(staging).appDb);
    else warnings.push(`${APP_DB_FILE} tidak ada: target, rapat dan tindak lanjut tidak ikut.`);
    const hasKey = existsSync(folder.key);
    if (!hasKey)
      warnings.push(
        `${KEY_FILE} tidak ada di folder data (kunci dari PSEUDONYM_KEY?): simpan kunci itu ` +
          `terpisah, tanpa kunci yang sama pseudonim data baru tidak cocok dengan yang lama.`,
      );
    const manifest: Manifest = {
      format: FORMAT,
      version: 1,
      created_at: new Date().toISOString(),
      contents: {
        app_db: hasAppDb,
        lake_files: await countFiles(folder.lake),
        key: hasKey,
      },
    };
    await writeFile(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 2));
    await mkdir(path.dirname(path.resolve(outFile)), { recursive: true });
    await writeFile(outFile, '', { mode: 0o600 }); // the archive holds the key
    const fromData = [
      ...(existsSync(folder.lake) ? [LAKE_DIR] : []),
      // The admin's column, value and area maps (etl/mappings.ts), with their history.
      ...(existsSync(folder.mappings) ? [MAPPINGS_DIR] : []),
      // The key pair that signs aggregate packages: the province knows its public key.
      ...(existsSync(folder.exchangeKey) ? [EXCHANGE_KEY_FILE, EXCHANGE_PUBLIC_KEY_FILE] : []),
      // A province: the kabupaten keys it accepts packages from.
      ...(existsSync(folder.exchangeKeys) ? [EXCHANGE_KEYS_DIR] : []),
      ...(hasKey ? [KEY_FILE] : []),
    ];
    await tar([
      '-czf',
      outFile,
      '-C',
      staging,
      MANIFEST,
      ...(hasAppDb ? [APP_DB_FILE] : []),
      ...(fromData.length ? ['-C', dataDir, ...fromData] : []),
    ]);
    await chmod(outFile, 0o600);
    return { file: outFile, manifest, warnings };
  } catch (error) {
    await rm(outFile, { force: true }).catch(() => undefined);
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
    await lock.release();
  }
}

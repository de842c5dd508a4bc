/**
 * `npm run backup -- --data DIR --out FILE.tar.gz`
 * `npm run restore -- --from FILE.tar.gz --data DIR [--force]`
 *
 * Exit 0 on success, 1 when the operation failed (message on stderr), 2 for bad arguments.
 * Backup needs the API stopped (it owns app.duckdb); see api/ops/backup.ts.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backup, OpsError } from './backup.js';
import { restore } from './restore.js';

const USAGE =
  'Pemakaian: npm run backup -- --data DIR --out FILE.tar.gz\n' +
  '           npm run restore -- --from FILE.tar.gz --data DIR [--force]';

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  let values: { data?: string; out?: string; from?: string; force?: boolean };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        data: { type: 'string' },
        out: { type: 'string' },
        from: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  if (!values.data) usage('--data wajib');
  const dataDir = path.resolve(values.data);
  if (command === 'backup') {
    if (!values.out) usage('--out wajib');
    const result = await backup(dataDir, path.resolve(values.out));
    for (const w of result.warnings) process.stderr.write(`Peringatan: ${w}\n`);
    const c = result.manifest.contents;
    process.stdout.write(
      `Backup ${result.file}: app.duckdb ${c.app_db ? 'ya' : 'tidak'}, ${c.lake_files} berkas lake, ` +
        `kunci ${c.key ? 'ya' : 'tidak'}. Berkas ini berisi kunci pseudonim: simpan di tempat aman.\n`,
    );
  } else if (command === 'restore') {
    if (!values.from) usage('--from wajib');
    const result = await restore(path.resolve(values.from), dataDir, values.force);
    process.stdout.write(
      `Dipulihkan ke ${dataDir} (backup ${result.manifest.created_at}, migrasi ` +
        `${result.migrations.join(', ') || '-'}). Gudang data dibangun ulang saat API mulai ` +
        `(npm start) atau dengan npm run etl -- --inbox DIR --data ${dataDir}.\n`,
    );
  } else usage(`Perintah '${command ?? ''}' tidak dikenal; pakai backup atau restore`);
}

main().catch((error: unknown) => {
  const message = error instanceof OpsError ? error.message : `Gagal: ${String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});

/**
 * The ETL's own answers for the upload page, from the ETL command as a child process (as the
 * runs are: etl-runner.service.ts): the feed a file's header tells (`--check --detect`), the dry
 * run (`--check --json`) and the admin's maps (`--peta`, `--peta-ubah`). The API holds none of
 * that logic, and a large file's dry run never takes the API's memory.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../common/paths.js';
import type { AppConfig } from '../config/config.js';
import { ETL_CLI } from '../etl/etl-runner.service.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  /** The last lines the command wrote on stderr (its message when it refused). */
  message: string;
}

/** Exit code of `--peta-ubah` for a change the contract does not allow. */
export const MAPPING_REFUSED = 4;

export function runEtlCli(args: string[]): Promise<CliResult> {
  if (!existsSync(ETL_CLI))
    return Promise.reject(
      new Error(
        `${path.relative(repoRoot, ETL_CLI)} belum dibangun; jalankan npm run build:server`,
      ),
    );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ETL_CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout, message: stderr.trim().split('\n').slice(-3).join(' ') }),
    );
  });
}

/** The last JSON line a command printed. */
export function lastJson<T>(result: CliResult): T {
  const line = result.stdout.trim().split('\n').at(-1);
  if (!line) throw new Error(`Perintah ETL tidak memberi jawaban: ${result.message}`);
  return JSON.parse(line) as T;
}

/** Arguments every call gives: the data folder, the served region, the fixed as-of date. */
export function commonArgs(config: AppConfig): string[] {
  return [
    '--data',
    config.dataDir,
    '--region',
    config.regionCode,
    ...(config.asOf ? ['--as-of', config.asOf] : []),
  ];
}

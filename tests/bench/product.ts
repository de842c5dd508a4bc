/**
 * What the API benchmark and the soak run share: demo data built once into a folder, and the API
 * started as its own process (`node dist/api/main.js`, loopback only) with an admin session.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { repoRoot } from '../../api/common/paths.js';
import { dataFolder } from '../../warehouse/data-folder.js';
import { BENCH_ADMIN_PASSWORD, benchFetch, loginWhenReady } from './session.js';

export function runNode(script: string, argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, script), ...argv], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`)),
    );
  });
}

/** `dir` with a warehouse of the Kapuas demo data at `scale`, generated and loaded only once. */
export async function demoDataFolder(dir: string, scale: string, end?: string): Promise<string> {
  if (existsSync(dataFolder(dir).warehouse)) return dir;
  await mkdir(dir, { recursive: true });
  const inbox = path.join(dir, 'inbox');
  console.log(`Membuat data demo --scale ${scale} di ${dir} (sekali saja) …`);
  await runNode('dist/etl/demo/cli.js', [
    '--out',
    inbox,
    '--scale',
    scale,
    ...(end ? ['--end', end] : []),
  ]);
  console.log('Menjalankan ETL …');
  await runNode('dist/etl/cli.js', ['--inbox', inbox, '--data', dir, '--json']);
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The API on a free loopback port, logged in as admin. The per-client rate limit is off: every
 * simulated user shares the loopback address (tests/api/hardening.test.ts covers the limit).
 */
export async function startApi(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist/api/main.js')], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      ETL_CRON: '0 2 1 1 *',
      RATE_LIMIT: '0',
      ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await loginWhenReady(url)) && (await benchFetch(`${url}/api/meta`)).ok)
        return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error('API tidak siap dalam 60 detik');
}

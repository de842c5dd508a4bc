/**
 * After an upgrade the published warehouse may come from older models (a missing column made
 * every figure a 500). The product as operators run it refuses to serve such a file: it answers
 * 503 with a clear message, rebuilds the warehouse from the lake at start-up, then serves it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { repoRoot } from '../../api/common/paths.js';
import { modelVersion } from '../../warehouse/build.js';
import { buildSampleData, SAMPLE_AS_OF, TEST_KEY } from '../support/sample-data.js';
import { apiFetch, login, rememberSession, tempDir, TEST_ADMIN_PASSWORD } from './support.js';

let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGTERM');
});

async function builtVersion(file: string): Promise<string> {
  const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  try {
    const reader = await conn.runAndReadAll(
      `SELECT value FROM warehouse_meta WHERE key = 'model_version'`,
    );
    return String(reader.getRowObjectsJS()[0]?.value);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

it('a warehouse of other models is not served and is rebuilt from the lake at start-up', async () => {
  const { dataDir, inboxDir } = await buildSampleData(await tempDir('upgrade'));
  const file = path.join(dataDir, 'warehouse.duckdb');
  expect(await builtVersion(file)).toBe(modelVersion());
  // What an older release left behind: same tables, another model version.
  const db = await DuckDBInstance.create(file);
  const conn = await db.connect();
  await conn.run(`UPDATE warehouse_meta SET value = 'older' WHERE key = 'model_version'`);
  conn.closeSync();
  db.closeSync();

  let log = '';
  child = spawn(process.execPath, [path.join(repoRoot, 'dist/api/main.js')], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      INBOX_DIR: inboxDir,
      PORT: '0',
      HOST: '127.0.0.1',
      AS_OF: SAMPLE_AS_OF,
      PSEUDONYM_KEY: TEST_KEY,
      ETL_CRON: '0 2 1 1 *',
      RATE_LIMIT: '0',
      ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  let url = '';
  for (let i = 0; i < 300 && !url; i++) {
    url = /siap di (http:\/\/127\.0\.0\.1:\d+)/.exec(log)?.[1] ?? '';
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(url, log).toMatch(/^http/);
  expect(log).toContain('dibangun versi lain');
  rememberSession(url, await login(url, 'admin', TEST_ADMIN_PASSWORD));

  // Until the rebuild is published: 503 with the reason, never a 500.
  const statuses = new Set<number>();
  for (let i = 0; i < 600; i++) {
    const res = await apiFetch(`${url}/api/indicators/pbi_dtks_pct/values`);
    statuses.add(res.status);
    if (res.status === 503) expect(await res.text()).toContain('dibangun ulang');
    if (res.status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(
    [...statuses].filter((s) => s !== 503 && s !== 200),
    log,
  ).toEqual([]);
  expect(statuses.has(200), log).toBe(true);
  expect(await builtVersion(file)).toBe(modelVersion());
}, 120_000);

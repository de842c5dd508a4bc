/**
 * After an upgrade the published warehouse may come from older models (a missing column made
 * every figure a 500). The product as operators run it refuses to serve such a file: it answers
 * 503 with a clear message, rebuilds the warehouse from the lake at start-up, then serves it.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { modelVersion } from '../../warehouse/build.js';
import { buildSampleData } from '../support/sample-data.js';
import { apiFetch, spawnProduct, tempDir } from './support.js';

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

  const product = await spawnProduct(dataDir, inboxDir);
  child = product.child;
  const { url } = product;
  expect(product.log()).toContain('dibangun versi lain');

  // Until the rebuild is published: 503 with the reason, never a 500.
  const statuses = new Set<number>();
  for (let i = 0; i < 600; i++) {
    const res = await apiFetch(`${url}/api/indicators/pbi_sasaran_pct/values`);
    statuses.add(res.status);
    if (res.status === 503) expect(await res.text()).toContain('dibangun ulang');
    if (res.status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(
    [...statuses].filter((s) => s !== 503 && s !== 200),
    product.log(),
  ).toEqual([]);
  expect(statuses.has(200), product.log()).toBe(true);
  expect(await builtVersion(file)).toBe(modelVersion());
}, 120_000);

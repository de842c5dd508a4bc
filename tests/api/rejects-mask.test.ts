/**
 * Upgrading a data folder whose rejects an older version stored as typed: the product (as
 * operators start it) serves them masked from its first request, and its start-up run cleans the
 * lake and rebuilds the warehouse from it. A run killed earlier is cleaned up at start-up.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSampleData } from '../support/sample-data.js';
import { allText } from '../support/duckdb.js';
import { OLD_RUN, OLD_SECRETS, writeOldRejects } from '../support/old-rejects.js';
import { apiFetch, type ProductProcess, spawnProduct, tempDir } from './support.js';

let root: string;
let dataDir: string;
let product: ProductProcess;
const KILLED_RUN = '20240602T000000000Z';

beforeAll(async () => {
  root = await tempDir('rejects-mask');
  ({ dataDir } = await buildSampleData(root));
  await writeOldRejects(dataDir);
  // A run killed long ago: still RUNNING in the history, its scratch folder left behind.
  await writeFile(
    path.join(dataDir, 'lake', '_runs', `${KILLED_RUN}.json`),
    JSON.stringify({ run_id: KILLED_RUN, status: 'RUNNING', feeds: {}, stage_seconds: {} }),
  );
  await mkdir(path.join(dataDir, '.work', KILLED_RUN, 'spill'), { recursive: true });
  product = await spawnProduct(dataDir, path.join(root, 'inbox'));
});
afterAll(async () => {
  product?.child.kill('SIGTERM');
  if (root) await rm(root, { recursive: true, force: true });
});

async function rejectsText(): Promise<string> {
  const res = await apiFetch(`${product.url}/api/etl/rejects?run_id=${OLD_RUN}`);
  expect(res.status).toBe(200);
  return res.text();
}

describe('rejects stored by an older version', () => {
  it('are served masked at once, and cleaned in the lake and warehouse by the start-up run', async () => {
    const served = await rejectsText();
    expect(served).toContain('620301**********');
    expect(served).toContain('[teks 17 karakter]');
    for (const secret of OLD_SECRETS) expect(served).not.toContain(secret);
    for (let i = 0; i < 600; i++) {
      const status = (await (await apiFetch(`${product.url}/api/etl/status`)).json()) as {
        running: boolean;
        last_run: { status: string; run_id: string } | null;
      };
      if (
        !status.running &&
        status.last_run?.run_id !== undefined &&
        status.last_run.run_id > OLD_RUN
      )
        if (status.last_run.status === 'SUCCESS' && product.log().includes('disamarkan ulang'))
          break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(product.log()).toContain('disamarkan ulang');
    const dir = path.join(dataDir, 'lake', '_runs', 'rejects');
    const lake = (
      await Promise.all(
        (await readdir(dir))
          .filter((f) => f.endsWith('.parquet'))
          .map((f) => allText(':memory:', `read_parquet('${path.join(dir, f)}')`)),
      )
    ).join('\n');
    expect(lake).toContain('[teks 17 karakter]');
    for (const secret of OLD_SECRETS) expect(lake).not.toContain(secret);
    const warehouse = await allText(path.join(dataDir, 'warehouse.duckdb'));
    for (const secret of OLD_SECRETS) expect(warehouse).not.toContain(secret);
    for (const secret of OLD_SECRETS) expect(await rejectsText()).not.toContain(secret);
  });

  it('a run killed earlier is marked FAILED and its scratch folder removed at start-up', async () => {
    const killed = JSON.parse(
      await readFile(path.join(dataDir, 'lake', '_runs', `${KILLED_RUN}.json`), 'utf8'),
    ) as { status: string; error: string };
    expect(killed).toMatchObject({
      status: 'FAILED',
      error: expect.stringMatching(/dihentikan paksa/),
    });
    expect(await readdir(path.join(dataDir, '.work')).catch(() => [])).toEqual([]);
  });
});

/**
 * Issue 14: demo accounts only in demo mode. The product as operators start it
 * (`node dist/api/main.js`) on an empty data folder: without demo mode there is no account with a
 * password the README publishes and no Kapuas demo data; with ADMIN_PASSWORD for another region
 * only that admin exists; `--demo` (npm run demo) creates the demo accounts.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../api/auth/demo-users.js';
import { repoRoot } from '../../api/common/paths.js';
import { type ProductProcess, spawnProduct, tempDir, TEST_ADMIN_PASSWORD } from './support.js';

const main = path.join(repoRoot, 'dist', 'api', 'main.js');
const roots: string[] = [];
const running: ProductProcess[] = [];

afterAll(async () => {
  for (const p of running) await stop(p);
  for (const dir of roots) await rm(dir, { recursive: true, force: true });
});

async function emptyFolder(prefix: string): Promise<{ dataDir: string; inboxDir: string }> {
  const root = await tempDir(prefix);
  roots.push(root);
  const dataDir = path.join(root, 'data');
  const inboxDir = path.join(dataDir, 'inbox');
  await mkdir(dataDir, { recursive: true });
  return { dataDir, inboxDir };
}

async function loginStatus(url: string, username: string, password: string): Promise<number> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Files under `dir`, recursively (none when it does not exist). */
async function filesIn(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

async function stop(p: ProductProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  await exited;
}

describe.skipIf(!existsSync(main))('npm start on an empty data folder', () => {
  it('without demo mode: no account, no demo data, and how to create the first admin', async () => {
    const { dataDir, inboxDir } = await emptyFolder('nodemo');
    const p = await spawnProduct(dataDir, inboxDir, {
      env: { ADMIN_PASSWORD: undefined, AS_OF: undefined },
      login: false,
    });
    running.push(p);
    await expect
      .poll(() => p.log(), { timeout: 30_000 })
      .toMatch(/Folder data kosong|Membuat data demo|Mode demo|ETL pertama/);
    try {
      expect(p.log()).toMatch(/Belum ada akun\. Buat admin pertama/);
      expect(p.log()).toMatch(/npm run user -- create --username admin --role ADMIN/);
      for (const demo of DEMO_USERS)
        expect(await loginStatus(p.url, demo.username, demo.password), demo.username).toBe(401);
      expect(await filesIn(inboxDir)).toEqual([]);
      expect(await filesIn(path.join(dataDir, 'lake'))).toEqual([]);
      expect(existsSync(path.join(dataDir, 'warehouse.duckdb'))).toBe(false);
    } finally {
      await stop(p);
    }
  });

  it('with ADMIN_PASSWORD for another region: that admin only, no demo', async () => {
    const { dataDir, inboxDir } = await emptyFolder('region');
    const p = await spawnProduct(dataDir, inboxDir, {
      env: { REGION_CODE: '63.01', AS_OF: undefined },
    });
    running.push(p);
    await expect
      .poll(() => p.log(), { timeout: 30_000 })
      .toMatch(/Folder data kosong|Membuat data demo|Mode demo|ETL pertama/);
    try {
      expect(await loginStatus(p.url, 'admin', TEST_ADMIN_PASSWORD)).toBe(200);
      for (const demo of DEMO_USERS)
        expect(await loginStatus(p.url, demo.username, demo.password), demo.username).toBe(401);
      expect(p.log()).not.toMatch(/Belum ada akun/);
      expect(await filesIn(inboxDir)).toEqual([]);
      expect(await filesIn(path.join(dataDir, 'lake'))).toEqual([]);
    } finally {
      await stop(p);
    }
  });

  it('demo mode (--demo, as npm run demo) creates the demo accounts of the README', async () => {
    const { dataDir, inboxDir } = await emptyFolder('demo');
    const p = await spawnProduct(dataDir, inboxDir, {
      env: { ADMIN_PASSWORD: undefined, AS_OF: undefined },
      args: ['--demo'],
      login: false,
    });
    running.push(p);
    try {
      await expect
        .poll(() => loginStatus(p.url, 'sekda', 'Pimpinan-Kapuas-2024'), { timeout: 60_000 })
        .toBe(200);
      for (const demo of DEMO_USERS)
        expect(await loginStatus(p.url, demo.username, demo.password), demo.username).toBe(200);
      // The demo inbox is being written (or loaded) for the Kapuas demo.
      expect(p.log()).toMatch(/Mode demo: membuat data demo Kabupaten Kapuas/);
    } finally {
      // The demo ETL is not awaited here: tests/e2e starts the whole demo.
      await stop(p);
    }
  });

  it('refuses demo mode for another region', async () => {
    const { dataDir, inboxDir } = await emptyFolder('demo-region');
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(process.execPath, [main, '--demo'], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        INBOX_DIR: inboxDir,
        REGION_CODE: '63.01',
        PORT: '0',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/DEMO=1 dengan REGION_CODE='63\.01'/);
  });
});

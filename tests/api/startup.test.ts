/**
 * Start-up behaviour: configuration validated once with every bad variable named; an API without
 * a warehouse answers 503 with a clear message and picks up the first published file by itself.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../api/config/config.js';
import { etlConfigFromEnv } from '../../etl/config.js';
import { repoRoot } from '../../api/common/paths.js';
import { modelVersion } from '../../warehouse/build.js';
import { buildSampleData, copySamples, TEST_KEY } from '../support/sample-data.js';
import {
  apiFetch,
  getJson,
  login,
  rememberSession,
  startApi,
  tempDir,
  TEST_ADMIN_PASSWORD,
} from './support.js';

describe('configuration', () => {
  it('has defaults for a fresh clone', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      regionCode: '62.03',
      regionName: 'Kabupaten Kapuas',
      port: 3000,
    });
    expect(config).toMatchObject({
      etlCron: '0 2 * * *',
      etlTimeZone: 'Asia/Jakarta',
      host: '0.0.0.0',
    });
    expect(config.inboxDir).toBe(path.join(config.dataDir, 'inbox'));
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'delapan',
        REGION_CODE: '62.99',
        ETL_CRON: 'tiap malam',
        AS_OF: '2024-02-30',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT='delapan'/);
    expect(problems).toMatch(/REGION_CODE='62\.99'.*contoh 62\.03/);
    expect(problems).toMatch(/ETL_CRON='tiap malam'/);
    expect(problems).toMatch(/AS_OF='2024-02-30'/);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('checks the optional tile URL template', () => {
    expect(() => loadConfig({ TILE_URL: 'ftp://tiles/{z}/{x}' })).toThrow(
      /TILE_URL='ftp:\/\/tiles\/\{z\}\/\{x\}'/,
    );
    expect(loadConfig({ TILE_URL: 'https://t.example/{z}/{x}/{y}.png' }).tileUrl).toBe(
      'https://t.example/{z}/{x}/{y}.png',
    );
    expect(loadConfig({}).tileUrl).toBeNull();
  });

  it('accepts another kabupaten/kota of the reference', () => {
    expect(loadConfig({ REGION_CODE: '62.71' }).regionName).toBe('Kota Palangkaraya');
  });

  it('reads the settings it shares with the ETL by the same rules (warehouse/config.ts)', () => {
    const problemsOf = (load: () => unknown): string[] => {
      try {
        load();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems;
      }
      return [];
    };
    const bad = {
      REGION_CODE: '62.99',
      AS_OF: '2024-13-01',
      PSEUDONYM_KEY: 'kunci-rahasia',
      ETL_MEMORY_LIMIT: 'banyak',
      PUBLISH_GUARD_DROP: '2',
      SMALL_COUNT_THRESHOLD: '500',
    };
    const api = problemsOf(() => loadConfig(bad));
    expect(api).toHaveLength(6);
    expect(problemsOf(() => etlConfigFromEnv(bad))).toEqual(api);
    expect(api.join('\n')).not.toMatch(/kunci-rahasia/);
    const good = {
      DATA_DIR: '/srv/dasbor',
      REGION_CODE: '62.71',
      AS_OF: '2024-07-05',
      PSEUDONYM_KEY: 'ab'.repeat(32),
      ETL_MEMORY_LIMIT: '512MB',
      PUBLISH_GUARD_DROP: '30%',
      SMALL_COUNT_THRESHOLD: '3',
    };
    const { port: _p, host: _h, ...apiShared } = loadConfig(good);
    const { settleSeconds: _s, limits: _l, ...etlShared } = etlConfigFromEnv(good);
    expect(etlShared).toMatchObject({
      dataDir: '/srv/dasbor',
      inboxDir: '/srv/dasbor/inbox',
      regionName: 'Kota Palangkaraya',
      publishGuardDrop: 0.3,
    });
    expect(apiShared).toMatchObject(etlShared);
  });

  const main = path.join(repoRoot, 'dist', 'api', 'main.js');
  it.skipIf(!existsSync(main))(
    'stops the process with the message when started with bad variables',
    () => {
      const run = spawnSync(process.execPath, [main], {
        env: { ...process.env, PORT: '-1', REGION_CODE: 'kapuas' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/PORT='-1'/);
      expect(run.stderr).toMatch(/REGION_CODE='kapuas'/);
    },
  );
});

describe('before the first warehouse', () => {
  const cleanup: string[] = [];
  afterAll(async () => {
    for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
  });

  it('answers 503 with a clear message, then serves the first published file without a restart', async () => {
    const root = await tempDir('empty');
    cleanup.push(root);
    const dataDir = path.join(root, 'data');
    await mkdir(dataDir, { recursive: true });
    const { app, url } = await startApi(dataDir, path.join(root, 'inbox'));
    try {
      const meta = await getJson(`${url}/api/meta`);
      expect(meta.status).toBe(503);
      expect(meta.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: expect.stringMatching(/^Data belum tersedia: ETL pertama sedang berjalan/),
      });
      expect((await getJson(`${url}/api/indicators/pbi_sasaran_pct/values`)).status).toBe(503);
      expect((await getJson(`${url}/api/health`)).status).toBe(503);
      const status = await getJson(`${url}/api/etl/status`);
      expect(status.body).toMatchObject({ running: false, last_run: null });
      expect((await getJson(`${url}/api/etl/runs`)).body).toEqual({ runs: [] });

      // Publish as the ETL does: a finished file renamed over warehouse.duckdb.
      const built = await buildSampleData(path.join(root, 'elsewhere'));
      await copyFile(
        path.join(built.dataDir, 'warehouse.duckdb'),
        path.join(dataDir, 'warehouse.new'),
      );
      await rename(path.join(dataDir, 'warehouse.new'), path.join(dataDir, 'warehouse.duckdb'));
      await expect
        .poll(async () => (await getJson(`${url}/api/meta`)).status, { timeout: 5000 })
        .toBe(200);
      expect((await getJson(`${url}/api/meta`)).body.as_of).toBe('2024-07-05');
    } finally {
      await app.close();
    }
  });
});

describe('web app on the same port', () => {
  it('serves the built files, falls back to index.html for app routes, keeps /api JSON', async () => {
    const root = await tempDir('web');
    const webDir = path.join(root, 'web');
    await mkdir(path.join(webDir, 'assets'), { recursive: true });
    await writeFile(path.join(webDir, 'index.html'), '<!doctype html><title>Dasbor</title>');
    await writeFile(path.join(webDir, 'assets', 'app.js'), 'console.log(1)');
    const { app, url } = await startApi(path.join(root, 'data'), path.join(root, 'inbox'), {
      WEB_DIR: webDir,
    });
    try {
      const page = async (p: string, accept = '*/*') => {
        const res = await apiFetch(`${url}${p}`, { headers: { accept } });
        return {
          status: res.status,
          type: res.headers.get('content-type'),
          text: await res.text(),
        };
      };
      expect(await page('/')).toMatchObject({
        status: 200,
        text: expect.stringContaining('<title>Dasbor</title>'),
      });
      expect(await page('/peta/62.03.01', 'text/html')).toMatchObject({
        status: 200,
        text: expect.stringContaining('Dasbor'),
      });
      expect(await page('/peta/62.03.01')).toMatchObject({
        status: 200,
        type: expect.stringMatching(/text\/html/),
      });
      expect(await page('/assets/app.js')).toMatchObject({ status: 200, text: 'console.log(1)' });
      expect((await page('/assets/hilang.js')).status).toBe(404);
      const api404 = await page('/api/hilang', 'text/html');
      expect(api404.status).toBe(404);
      expect(JSON.parse(api404.text).message).toMatch(/tidak ada/);
    } finally {
      await app.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('internal errors', () => {
  it('answers 500 without leaking SQL, paths or stack traces', async () => {
    const root = await tempDir('broken');
    const dataDir = path.join(root, 'data');
    await mkdir(dataDir, { recursive: true });
    // A warehouse of this version missing most tables: a bug in a build, not bad input.
    const db = await DuckDBInstance.create(path.join(dataDir, 'warehouse.duckdb'));
    const conn = await db.connect();
    await conn.run(`CREATE TABLE warehouse_meta AS SELECT 'as_of' AS key, '2024-07-05' AS value
      UNION ALL SELECT 'model_version', '${modelVersion()}'`);
    conn.closeSync();
    db.closeSync();
    const { app, url } = await startApi(dataDir, path.join(root, 'inbox'));
    try {
      const res = await getJson(`${url}/api/indicators/pbi_sasaran_pct/values`);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: expect.stringMatching(/^Terjadi kesalahan internal/),
      });
      expect(JSON.stringify(res.body)).not.toMatch(
        /indicator_catalogue|Catalog Error|duckdb|\/tmp\//i,
      );
    } finally {
      await app.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('npm start on a data folder without a warehouse', () => {
  const main = path.join(repoRoot, 'dist', 'api', 'main.js');
  it.skipIf(!existsSync(main))(
    'prints the URL, runs the first ETL over the inbox and serves it',
    async () => {
      const root = await tempDir('main');
      await copySamples(path.join(root, 'inbox'));
      const child = spawn(process.execPath, [main], {
        env: {
          ...process.env,
          DATA_DIR: path.join(root, 'data'),
          INBOX_DIR: path.join(root, 'inbox'),
          PORT: '0',
          HOST: '127.0.0.1',
          AS_OF: '2024-07-05',
          PSEUDONYM_KEY: TEST_KEY,
          ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        let stdout = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        await expect
          .poll(() => stdout, { timeout: 30_000 })
          .toMatch(/siap di http:\/\/127\.0\.0\.1:\d+/);
        const url = /siap di (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
        rememberSession(url, await login(url, 'admin', TEST_ADMIN_PASSWORD));
        await expect
          .poll(async () => (await getJson(`${url}/api/meta`)).status, {
            timeout: 60_000,
            interval: 250,
          })
          .toBe(200);
        const values = await getJson(
          `${url}/api/indicators/registri_individu/values?parent=62.03.01&period=2024-06`,
        );
        expect(
          values.body.rows.find((r: { code: string }) => r.code === '62.03.01.1010').value,
        ).toBe(3);
        const status = await getJson(`${url}/api/etl/status`);
        expect(status.body.last_run).toMatchObject({ status: 'SUCCESS', as_of: '2024-07-05' });
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
        await rm(root, { recursive: true, force: true });
      }
    },
  );
});

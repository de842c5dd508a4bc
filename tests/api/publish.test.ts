/**
 * Publish-while-serving: requests run continuously while two ETL runs (the real CLI, started
 * through POST /api/etl/run) publish new warehouse files. Not one request may fail, and every
 * answer must still carry the hand-checked figures (3 DTKS people in Selat Dalam).
 */
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ETL_CLI } from '../../api/etl/etl-runner.service.js';
import { copySamples, TEST_KEY } from '../support/sample-data.js';
import {
  apiFetch,
  type Body,
  getJson,
  postJson,
  type RunningApi,
  startSampleApi,
} from './support.js';

let api: RunningApi;
beforeAll(async () => {
  process.env.PSEUDONYM_KEY = TEST_KEY; // inherited by the ETL child process
  // A load test from one address: the per-client rate limit (tests/api/hardening) is off here.
  api = await startSampleApi('publish', { RATE_LIMIT: '0' });
});
afterAll(async () => api?.close());

const PATHS = [
  '/api/indicators/registri_individu/values?level=desa&period=2024-06',
  '/api/indicators/registri_individu/series?area=62.03.01.1010',
  '/api/scorecard?area=62.03.01.1010&period=2024-06',
  '/api/coverage/gaps?period=2024-06',
  '/api/meta',
  '/api/areas?q=selat',
  '/api/rujukan/breakdown?period=2024-06',
];

function checkFigures(path: string, body: Body): string | null {
  if (path.includes('/values')) {
    const row = body.rows.find((r: { code: string }) => r.code === '62.03.01.1010');
    return row?.value === 3 && body.rows.length === 231 ? null : `values: ${JSON.stringify(row)}`;
  }
  if (path.includes('/scorecard')) {
    const row = body.rows.find(
      (r: { indicator: { id: string } }) => r.indicator.id === 'registri_individu',
    );
    return row?.value === 3 ? null : `scorecard: ${JSON.stringify(row)}`;
  }
  if (path.includes('/areas')) return body.rows.length === 8 ? null : `areas: ${body.rows.length}`;
  return body.data_dates ? null : `no data_dates: ${path}`;
}

async function hammer(stop: () => boolean, failures: string[]): Promise<number> {
  let count = 0;
  while (!stop()) {
    const path = PATHS[count % PATHS.length]!;
    count += 1;
    try {
      const res = await apiFetch(`${api.url}${path}`);
      const body = await res.json();
      if (res.status !== 200) failures.push(`${res.status} ${path}: ${JSON.stringify(body)}`);
      else {
        const problem = checkFigures(path, body);
        if (problem) failures.push(problem);
      }
    } catch (error) {
      failures.push(`${path}: ${String(error)}`);
    }
  }
  return count;
}

async function publishOnce(): Promise<string> {
  await copySamples(api.inboxDir);
  const started = await postJson(`${api.url}/api/etl/run`, {});
  expect(started).toEqual({ status: 202, body: { started: true } });
  const running = (await getJson(`${api.url}/api/etl/status`)).body;
  expect(running).toMatchObject({ running: true, trigger: 'manual' });
  const again = await postJson(`${api.url}/api/etl/run`, {});
  expect(again.status).toBe(409); // never two runs at once
  expect(again.body.message).toMatch(/ETL sedang berjalan/);
  for (;;) {
    const { body } = await getJson(`${api.url}/api/etl/status`);
    if (!body.running) return body.last_run.run_id as string;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!existsSync(ETL_CLI))('publish while serving (needs npm run build:server)', () => {
  it('serves every request while two ETL runs publish', async () => {
    const before = (await getJson(`${api.url}/api/etl/rejects`)).body.run_id as string;
    const failures: string[] = [];
    let done = false;
    const workers = Array.from({ length: 12 }, () => hammer(() => done, failures));
    const published: string[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        published.push(await publishOnce());
        // The API switches to the new file without a restart: rejects now default to the new run.
        await expect
          .poll(async () => (await getJson(`${api.url}/api/etl/rejects`)).body.run_id)
          .toBe(published[i]);
      }
    } finally {
      done = true;
    }
    const counts = await Promise.all(workers);
    expect(failures).toEqual([]);
    expect(new Set([before, ...published]).size).toBe(3);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    const runs = (await getJson(`${api.url}/api/etl/runs`)).body.runs;
    expect(runs.map((r: { run_id: string }) => r.run_id).slice(0, 2)).toEqual([
      published[1],
      published[0],
    ]);
  });

  it('reports a run that failed (another process holds the ETL lock) and keeps serving', async () => {
    const lock = path.join(api.dataDir, 'etl.lock');
    await writeFile(lock, JSON.stringify({ pid: process.pid, run_id: 'operator-cli' }));
    try {
      expect((await postJson(`${api.url}/api/etl/run`, {})).status).toBe(202);
      await expect
        .poll(async () => (await getJson(`${api.url}/api/etl/status`)).body.running, {
          timeout: 30_000,
        })
        .toBe(false);
      const status = (await getJson(`${api.url}/api/etl/status`)).body;
      expect(status.last_error).toMatch(/ETL lain sedang berjalan \(run operator-cli/);
      const values = await getJson(`${api.url}${PATHS[0]}`);
      expect(values.status).toBe(200);
      expect(checkFigures(PATHS[0]!, values.body)).toBeNull();
    } finally {
      await rm(lock, { force: true });
    }
  });
});

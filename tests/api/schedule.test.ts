/**
 * The nightly job and the admin trigger share one runner and never overlap: with ETL_CRON firing
 * every second while each run takes longer than that, ticks during a run are skipped, every run
 * succeeds (none tripped over the ETL's lock) and no two runs' time spans overlap.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/bootstrap.js';
import { loadConfig } from '../../api/config/config.js';
import { ETL_CLI } from '../../api/etl/etl-runner.service.js';
import { EtlRunsRepository } from '../../api/etl/etl-runs.repository.js';
import { EtlSchedulerService } from '../../api/etl/etl-scheduler.service.js';
import { buildSampleData, copySamples, TEST_KEY } from '../support/sample-data.js';
import {
  getJson,
  login,
  postJson,
  rememberSession,
  tempDir,
  TEST_ADMIN_PASSWORD,
} from './support.js';

let root: string;
beforeAll(async () => {
  process.env.PSEUDONYM_KEY = TEST_KEY;
  root = await tempDir('cron');
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe.skipIf(!existsSync(ETL_CLI))('scheduled ETL (needs npm run build:server)', () => {
  it('skips ticks while a run is under way; runs never overlap', async () => {
    const { dataDir, inboxDir } = await buildSampleData(root);
    const config = loadConfig({
      DATA_DIR: dataDir,
      INBOX_DIR: inboxDir,
      AS_OF: '2024-07-05',
      ETL_CRON: '* * * * * *',
      ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    });
    const app = await createApp(config, { logger: false });
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    rememberSession(url, await login(url, 'admin', TEST_ADMIN_PASSWORD));
    try {
      await copySamples(inboxDir);
      await expect
        .poll(async () => (await getJson(`${url}/api/etl/status`)).body.running, { timeout: 5000 })
        .toBe(true);
      expect((await getJson(`${url}/api/etl/status`)).body.trigger).toBe('cron');
      expect((await postJson(`${url}/api/etl/run`, {})).status).toBe(409); // the admin trigger waits too
      // Two scheduled runs after the fixture's own: each takes > 1 s, so ticks fell inside them.
      const runs = new EtlRunsRepository(config);
      await expect
        .poll(async () => (await runs.list()).length, { timeout: 90_000 })
        .toBeGreaterThanOrEqual(3);
    } finally {
      // Stop the schedule, let the current run finish, then shut down.
      app.get(EtlSchedulerService).onModuleDestroy();
      await expect
        .poll(async () => (await getJson(`${url}/api/etl/status`)).body.running, {
          timeout: 60_000,
        })
        .toBe(false);
      await app.close();
    }
    const all = await new EtlRunsRepository(config).list();
    const scheduled = all.slice(0, -1); // the oldest is the fixture's own run
    expect(scheduled.length).toBeGreaterThanOrEqual(2);
    expect(scheduled.map((r) => r.status)).toEqual(scheduled.map(() => 'SUCCESS'));
    const spans = scheduled
      .map((r) => [Date.parse(String(r.started_at)), Date.parse(String(r.finished_at))] as const)
      .sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++)
      expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  });
});

/**
 * /api/health and /api/etl/status over real HTTP: the run history is read once, not per call
 * (three years of nightly runs used to be parsed on every unauthenticated health check), a new
 * run shows at once; and the status serves progress only — the last run's kabupaten figures
 * (`changes`, per-feed counts) are not for every role.
 */
import * as fsp from 'node:fs/promises';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildSampleData } from '../support/sample-data.js';
import { type Body, getJson, login, postJson, startApi, tempDir } from './support.js';

/** Every readFile of a run summary, by the API or anyone in this process. */
const summaryReads = vi.hoisted(() => ({ n: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof fsp>();
  const readFile = ((file: unknown, ...rest: unknown[]) => {
    if (String(file).includes(`${path.sep}_runs${path.sep}`)) summaryReads.n += 1;
    return (real.readFile as (...a: unknown[]) => unknown)(file, ...rest);
  }) as typeof real.readFile;
  return { ...real, default: { ...real, readFile }, readFile };
});

let root = '';
let url = '';
let runsDir = '';
let close: () => Promise<void>;

/** A summary as etl/run.ts writes it: to a temporary file, renamed into place. */
async function writeRun(runId: string, status: string): Promise<void> {
  const summary = {
    run_id: runId,
    status,
    as_of: '2024-07-05',
    region_code: '62.03',
    started_at: '2024-07-05T19:00:00.000Z',
    finished_at: '2024-07-05T19:05:00.000Z',
    feeds: { dtks: { files: 1, rows_read: 10, rows_loaded: 9, rows_rejected: 1 } },
    stage_seconds: { ingest: 1 },
    changes: [{ indicator_id: 'pbi_sasaran_pct', previous: 61.5, current: 62.25, flagged: false }],
  };
  const file = path.join(runsDir, `${runId}.json`);
  await writeFile(`${file}.tmp`, JSON.stringify(summary));
  await rename(`${file}.tmp`, file);
}

beforeAll(async () => {
  root = await tempDir('etl-status');
  const { dataDir, inboxDir } = await buildSampleData(root);
  runsDir = path.join(dataDir, 'lake', '_runs');
  await mkdir(runsDir, { recursive: true });
  // Three years of nightly runs before the real one (run ids sort by time).
  const day = Date.parse('2021-01-01T19:00:00Z');
  for (let i = 0; i < 1100; i++) {
    const id = new Date(day + i * 86_400_000).toISOString().replace(/[-:.]/g, '');
    await writeRun(id, 'SUCCESS');
  }
  const started = await startApi(dataDir, inboxDir, { RATE_LIMIT: '0' });
  url = started.url;
  close = () => started.app.close();
});
afterAll(async () => {
  await close?.();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('run history', () => {
  it('is read once across 50 health checks, and a new run shows at once', async () => {
    const files = (await readdir(runsDir)).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(1101);
    const first = await getJson(`${url}/api/health`);
    expect(first.status).toBe(200);
    const newest = files
      .sort()
      .at(-1)!
      .replace(/\.json$/, '');
    expect(JSON.stringify(first.body)).toContain(newest);
    summaryReads.n = 0;
    const checks = await Promise.all(
      Array.from({ length: 50 }, () => getJson(`${url}/api/health`)),
    );
    expect(checks.every((c) => c.status === 200)).toBe(true);
    // Nothing changed: no summary is parsed again (before: 50 × 1,101 reads).
    expect(summaryReads.n).toBe(0);

    await writeRun('29990101T000000000Z', 'FAILED');
    summaryReads.n = 0;
    const after = await getJson(`${url}/api/health`);
    expect(JSON.stringify(after.body)).toContain('29990101T000000000Z');
    expect(after.body.info?.last_run ?? after.body.details?.last_run).toMatchObject({
      status: 'degraded',
      run_status: 'FAILED',
    });
    const status = await getJson(`${url}/api/etl/status`);
    expect(status.body.last_run).toMatchObject({ run_id: '29990101T000000000Z' });
    // Only the new summary was read.
    expect(summaryReads.n).toBe(1);
    const runs = await getJson(`${url}/api/etl/runs`);
    expect(runs.body.runs).toHaveLength(files.length + 1);
    // A summary replaced under its own name (rename over it) is read again.
    await writeRun('29990101T000000000Z', 'SUCCESS');
    expect((await getJson(`${url}/api/etl/status`)).body.last_run.status).toBe('SUCCESS');
    await rm(path.join(runsDir, '29990101T000000000Z.json'));
    expect((await getJson(`${url}/api/etl/status`)).body.last_run.run_id).toBe(newest);
  });
});

describe('/api/etl/status', () => {
  it('gives a CAMAT progress and the last run status and times, none of its figures', async () => {
    const made = await postJson(`${url}/api/users`, {
      username: 'camat.status',
      password: 'kata-sandi-uji-123',
      role: 'CAMAT',
      area: '62.03.01',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const cookie = await login(url, 'camat.status', 'kata-sandi-uji-123');
    const res = await getJson(`${url}/api/etl/status`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(
      ['last_error', 'last_run', 'next_run', 'progress', 'running', 'started_at', 'trigger'].sort(),
    );
    expect(Object.keys(res.body.last_run).sort()).toEqual(
      ['as_of', 'finished_at', 'run_id', 'started_at', 'status'].sort(),
    );
    const text = JSON.stringify(res.body);
    for (const figure of ['changes', 'feeds', 'pbi_sasaran_pct', 'rows_loaded', 'marts'])
      expect(text).not.toContain(figure);
    // The real summary of the sample run does hold them: served to leaders in /api/etl/runs.
    const real = (await readdir(runsDir))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .at(-1)!;
    expect(await readFile(path.join(runsDir, real), 'utf8')).toContain('"changes"');
    expect((await getJson(`${url}/api/etl/runs`, { headers: { cookie } })).status).toBe(403);
  });
});

export type { Body };

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataFolder } from './data-folder.js';
import { listRuns, readRunSummary, RunHistory } from './runs.js';

let dataDir: string;
const summary = (run_id: string, status = 'SUCCESS') =>
  JSON.stringify({ run_id, status, as_of: '2024-06-30', feeds: {} });

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'runs-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the run history (lake/_runs)', () => {
  it('is empty for a data folder without one', async () => {
    expect(await listRuns(dataDir)).toEqual([]);
    expect(await readRunSummary(dataDir, 'x')).toBeNull();
  });

  it('lists newest first and skips a summary cut short by a kill', async () => {
    const folder = dataFolder(dataDir);
    await mkdir(folder.rejects, { recursive: true });
    await writeFile(folder.runSummary('20240101T000000000Z'), summary('20240101T000000000Z'));
    await writeFile(folder.runSummary('20240301T000000000Z'), summary('20240301T000000000Z'));
    await writeFile(folder.runSummary('20240201T000000000Z'), '{"run_id": "2024020');
    expect((await listRuns(dataDir)).map((r) => r.run_id)).toEqual([
      '20240301T000000000Z',
      '20240101T000000000Z',
    ]);
    expect(await readRunSummary(dataDir, '20240201T000000000Z')).toBeNull();
    expect((await readRunSummary(dataDir, '20240101T000000000Z'))?.status).toBe('SUCCESS');
  });

  it('RunHistory sees a summary added after the first call once invalidated', async () => {
    const folder = dataFolder(dataDir);
    await mkdir(folder.runs, { recursive: true });
    await writeFile(folder.runSummary('a'), summary('a'));
    const history = new RunHistory(dataDir);
    expect((await history.list()).map((r) => r.run_id)).toEqual(['a']);
    await writeFile(folder.runSummary('b'), summary('b', 'FAILED'));
    history.invalidate();
    expect((await history.list()).map((r) => [r.run_id, r.status])).toEqual([
      ['b', 'FAILED'],
      ['a', 'SUCCESS'],
    ]);
  });
});

/**
 * Lake, archive and warehouse as one recoverable unit: the ETL CLI (dist/etl/cli.js) kills itself
 * (SIGKILL, ETL_TEST_KILL_AT) at each stage boundary of a run; the next run must leave the data
 * folder exactly as one clean run would have: the same indicators, the same lake rows, every file
 * archived once, no run left RUNNING, no scratch folder left behind.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEtl } from '../../etl/run.js';
import { listRuns } from '../../warehouse/runs.js';
import { buildSampleData, repoRoot, SAMPLE_AS_OF, TEST_KEY } from '../support/sample-data.js';
import { query } from '../support/duckdb.js';

const roots: string[] = [];
afterAll(async () => Promise.all(roots.map((d) => rm(d, { recursive: true, force: true }))));
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'etl-journal-'));
  roots.push(dir);
  return dir;
}

const HEADER =
  'periode,id_dtks,nik,no_kk,kode_desa,tanggal_lahir,jenis_kelamin,hubungan_keluarga,tanggal_verifikasi\n';
/** July's registry in two files (one per kecamatan), as Dinsos sends it. */
async function writeJuly(inboxDir: string): Promise<void> {
  await mkdir(path.join(inboxDir, 'dtks'), { recursive: true });
  await writeFile(
    path.join(inboxDir, 'dtks', 'dtks_2024-07_a_selat.csv'),
    HEADER +
      '2024-07,J1,6203011203850001,6203010101100001,62.03.01.1010,12/03/1985,L,KEPALA_KELUARGA,01/07/2024\n' +
      '2024-07,J2,6203015507880002,6203010101100001,62.03.01.1010,15/07/1988,P,ISTRI,01/07/2024\n' +
      '2024-07,J3,6203010201150003,6203010101100001,62.03.01.1010,02/01/2015,L,ANAK,01/07/2024\n' +
      '2024-07,J4,6203012011900001,6203012011900099,62.03.01.2011,15/01/1990,L,KEPALA_KELUARGA,01/07/2024\n',
  );
  await writeFile(
    path.join(inboxDir, 'dtks', 'dtks_2024-07_b_pulau_petak.csv'),
    HEADER +
      '2024-07,J5,6203064101400004,6203060505090002,62.03.06.2001,01/01/1940,P,KEPALA_KELUARGA,01/07/2024\n',
  );
}

const inbox = (root: string) => path.join(root, 'inbox');
const data = (root: string) => path.join(root, 'data');
const run = (root: string) =>
  runEtl({
    inboxDir: inbox(root),
    dataDir: data(root),
    asOf: SAMPLE_AS_OF,
    regionCode: '62.03',
    pseudonymKey: TEST_KEY,
  });

async function indicators(root: string): Promise<string> {
  return JSON.stringify(
    await query(
      path.join(data(root), 'warehouse.duckdb'),
      `SELECT indicator_id, period, level, area_code, numerator, denominator, value
       FROM indicator_values ORDER BY ALL`,
    ),
  );
}

/** Lake rows per feed and period, without the run bookkeeping columns. */
async function lakeRows(root: string): Promise<string> {
  const lake = path.join(data(root), 'lake');
  return JSON.stringify(
    await query(
      ':memory:',
      `SELECT periode, kode_desa, count(*) AS n FROM read_parquet('${lake}/dtks/**/*.parquet')
       GROUP BY ALL ORDER BY ALL`,
    ),
  );
}

async function archived(root: string): Promise<string[]> {
  const dir = path.join(data(root), 'archive');
  const names: string[] = [];
  for (const runId of await readdir(dir))
    for (const feed of await readdir(path.join(dir, runId)))
      names.push(...(await readdir(path.join(dir, runId, feed))).map((n) => `${feed}/${n}`));
  return names.sort();
}

function runCliKilledAt(root: string, stage: string): Promise<NodeJS.Signals | number | null> {
  const cli = path.join(repoRoot, 'dist', 'etl', 'cli.js');
  const child = spawn(
    process.execPath,
    [cli, '--inbox', inbox(root), '--data', data(root), '--as-of', SAMPLE_AS_OF, '--json'],
    {
      env: { ...process.env, PSEUDONYM_KEY: TEST_KEY, ETL_TEST_KILL_AT: stage },
      stdio: 'ignore',
    },
  );
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
}

let baseline: string;
let clean: { indicators: string; lake: string; archived: string[] };

beforeAll(async () => {
  baseline = await tempDir();
  await buildSampleData(baseline);
  // One clean run of July after the baseline: what every recovered data folder must equal.
  const reference = await tempDir();
  await cp(baseline, reference, { recursive: true });
  await writeJuly(inbox(reference));
  const reference_ = await run(reference);
  expect(reference_.guard?.differences).toEqual([]);
  expect(reference_.status).toBe('SUCCESS');
  clean = {
    indicators: await indicators(reference),
    lake: await lakeRows(reference),
    archived: await archived(reference),
  };
  expect(clean.lake).toContain('2024-07');
});

describe('a run killed at any stage is completed or undone by the next run', () => {
  it.each(['after-ingest', 'after-lake-swap', 'mid-archive', 'after-archive', 'after-publish'])(
    'killed %s',
    async (stage) => {
      const root = await tempDir();
      await cp(baseline, root, { recursive: true });
      await writeJuly(inbox(root));
      await stat(path.join(repoRoot, 'dist', 'etl', 'cli.js')); // built by `npm test`
      expect(await runCliKilledAt(root, stage)).toBe('SIGKILL');
      const killed = (await listRuns(data(root)))[0];
      expect(killed.status).toBe('RUNNING');

      const next = await run(root);
      expect(next.status).toBe('SUCCESS');
      expect(await indicators(root)).toBe(clean.indicators);
      expect(await lakeRows(root)).toBe(clean.lake);
      expect(await archived(root)).toEqual(clean.archived);
      expect(await readdir(path.join(inbox(root), 'dtks'))).toEqual([]);
      const runs = await listRuns(data(root));
      expect(runs.map((r) => r.status)).not.toContain('RUNNING');
      const before = runs.find((r) => r.run_id === killed.run_id);
      // Killed before its journal: nothing was published, the next run loaded the files.
      // Killed after it: the unit was completed from the journal.
      expect(before?.status).toBe(stage === 'after-ingest' ? 'FAILED' : 'SUCCESS');
      if (stage === 'after-ingest') expect(before?.error).toMatch(/dihentikan paksa/);
      else expect(before?.recovered_at).toBeTruthy();
      expect(await readdir(path.join(data(root), '.work')).catch(() => [])).toEqual([]);
      await expect(stat(path.join(data(root), 'etl-journal.json'))).rejects.toThrow();
    },
  );
});

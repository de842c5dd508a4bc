/**
 * The publish guard: a tiny snapshot after a full one is held, the published warehouse and the
 * lake stay as they were until an admin decides.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptHeldRun, heldRun, rejectHeldRun } from '../../warehouse/publish.js';
import { runEtl } from '../../etl/run.js';
import { listRuns } from '../../warehouse/runs.js';
import { buildSampleData, SAMPLE_AS_OF, TEST_KEY } from '../support/sample-data.js';
import { query } from '../support/duckdb.js';

const roots: string[] = [];
afterAll(async () => Promise.all(roots.map((d) => rm(d, { recursive: true, force: true }))));

/** The sample data folder, then a June DTKS export that holds one person instead of four. */
export async function heldSetup() {
  const root = await mkdtemp(path.join(tmpdir(), 'etl-guard-'));
  roots.push(root);
  const { dataDir, inboxDir } = await buildSampleData(root);
  await writeFile(
    path.join(inboxDir, 'dtks', 'dtks_2024-06_terpotong.csv'),
    'periode,id_dtks,nik,no_kk,kode_desa,tanggal_lahir,jenis_kelamin,hubungan_keluarga\n' +
      '2024-06,DTKS0001,6203011203850001,6203010101100001,62.03.01.1010,12/03/1985,L,KEPALA_KELUARGA\n',
  );
  return { dataDir, inboxDir };
}

const wh = (dataDir: string) => path.join(dataDir, 'warehouse.duckdb');
const hash = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
const kabupatenDtks = async (dataDir: string) =>
  (
    await query(
      wh(dataDir),
      `SELECT value FROM indicator_values WHERE indicator_id = 'registri_individu'
       AND level = 'kabupaten' AND period = '2024-06'`,
    )
  )[0]?.value;
const lakeDtks = (dataDir: string) =>
  query(
    ':memory:',
    `SELECT count(*) AS n FROM read_parquet('${dataDir}/lake/dtks/periode=2024-06/**/*.parquet')`,
  );
const run = (inboxDir: string, dataDir: string) =>
  runEtl({ inboxDir, dataDir, asOf: SAMPLE_AS_OF, regionCode: '62.03', pseudonymKey: TEST_KEY });

describe('publish guard', () => {
  it('a tiny snapshot after a full one is held; the warehouse and lake keep serving; accepting publishes it', async () => {
    const { dataDir, inboxDir } = await heldSetup();
    const before = await hash(wh(dataDir));
    expect(await kabupatenDtks(dataDir)).toBe(4);

    const held = await run(inboxDir, dataDir);
    expect(held.status).toBe('MENUNGGU_PERSETUJUAN');
    expect(held.error).toMatch(/Ditahan/);
    expect(held.guard?.differences).toContainEqual(
      expect.objectContaining({
        indicator_id: 'registri_individu',
        period: '2024-06',
        level: 'kabupaten',
        previous: 4,
        current: 1,
        change_pct: -75,
        reason: 'TURUN',
      }),
    );
    expect(await hash(wh(dataDir))).toBe(before);
    expect(await lakeDtks(dataDir)).toEqual([{ n: 4 }]);
    // The file is archived (not read again), the result waits in the run's scratch folder.
    expect(await readdir(path.join(inboxDir, 'dtks'))).toEqual([]);
    expect((await heldRun(dataDir))?.run_id).toBe(held.run_id);

    // While it waits, another run publishes nothing.
    const refused = await run(inboxDir, dataDir);
    expect(refused.status).toBe('FAILED');
    expect(refused.error).toMatch(/menunggu persetujuan/);
    expect(await hash(wh(dataDir))).toBe(before);

    const accepted = await acceptHeldRun(dataDir, held.run_id, 'admin');
    expect(accepted).toMatchObject({
      status: 'SUCCESS',
      decision: { action: 'DITERIMA', by: 'admin' },
    });
    expect(await kabupatenDtks(dataDir)).toBe(1);
    expect(await lakeDtks(dataDir)).toEqual([{ n: 1 }]);
    expect(await heldRun(dataDir)).toBeNull();
    expect(await readdir(path.join(dataDir, '.work'))).toEqual([]);
    const runs = await listRuns(dataDir);
    expect(runs.find((r) => r.run_id === held.run_id)?.status).toBe('SUCCESS');
  });

  it('rejecting discards the held result: files stay archived, the run is recorded as DITOLAK', async () => {
    const { dataDir, inboxDir } = await heldSetup();
    const before = await hash(wh(dataDir));
    const held = await run(inboxDir, dataDir);
    expect(held.status).toBe('MENUNGGU_PERSETUJUAN');
    await expect(rejectHeldRun(dataDir, 'bukan-run', 'admin')).rejects.toThrow(/tidak sedang/);
    const rejected = await rejectHeldRun(dataDir, held.run_id, 'admin');
    expect(rejected.status).toBe('DITOLAK');
    expect(await hash(wh(dataDir))).toBe(before);
    expect(await lakeDtks(dataDir)).toEqual([{ n: 4 }]);
    expect(await readdir(path.join(dataDir, 'archive', held.run_id, 'dtks'))).toEqual([
      'dtks_2024-06_terpotong.csv',
    ]);
    expect(await readdir(path.join(dataDir, '.work'))).toEqual([]);
    // The next run goes on as before.
    const next = await run(inboxDir, dataDir);
    expect(next.status).toBe('SUCCESS');
    expect(await kabupatenDtks(dataDir)).toBe(4);
  });

  it('PUBLISH_GUARD_DROP 0 switches the guard off', async () => {
    const { dataDir, inboxDir } = await heldSetup();
    const summary = await runEtl({
      inboxDir,
      dataDir,
      asOf: SAMPLE_AS_OF,
      regionCode: '62.03',
      pseudonymKey: TEST_KEY,
      publishGuardDrop: 0,
    });
    expect(summary.status).toBe('SUCCESS');
    expect(await kabupatenDtks(dataDir)).toBe(1);
  });
});

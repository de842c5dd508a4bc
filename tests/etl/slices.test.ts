/**
 * Snapshot feeds replace by slice — period × kabupaten/kota (docs/data-contract.md, "Run
 * semantics"): a run that brings one kabupaten's rows of a period never removes another
 * kabupaten's rows of that period, also when the lake was written before slices were per
 * kabupaten (one file per period).
 */
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEtl } from '../../etl/run.js';
import { query } from '../support/duckdb.js';
import { SAMPLE_AS_OF, TEST_KEY } from '../support/sample-data.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs('etl-slices-');

const BPJS_HEADER = 'periode,nik,kode_desa,segmen,status\n';
// Kapuas (62.03) and its neighbour Pulang Pisau (62.11): one branch office lists both.
const kapuas = (n: number, segmen = 'PBI_APBN') =>
  Array.from(
    { length: n },
    (_, i) => `2024-06,62030112038500${String(10 + i)},62.03.01.1010,${segmen},AKTIF\n`,
  ).join('');
const pulangPisau = (n: number, segmen = 'PBI_APBN') =>
  Array.from(
    { length: n },
    (_, i) => `2024-06,62110112038500${String(10 + i)},62.11.01.2001,${segmen},AKTIF\n`,
  ).join('');

async function setup() {
  const root = await tempDir();
  const dataDir = path.join(root, 'data');
  const inboxDir = path.join(root, 'inbox');
  for (const feed of ['bpjs_kesehatan', 'puskesos'])
    await mkdir(path.join(inboxDir, feed), { recursive: true });
  return { dataDir, inboxDir };
}

const run = (inboxDir: string, dataDir: string) =>
  runEtl({
    inboxDir,
    dataDir,
    asOf: SAMPLE_AS_OF,
    regionCode: '62.03',
    pseudonymKey: TEST_KEY,
    settleSeconds: 0,
    publishGuardDrop: 0,
  });

/** Lake rows of a feed per kabupaten (and segmen / status), as the warehouse would read them. */
async function lakeRows(dataDir: string, feed: string, column: string) {
  const glob = path.join(dataDir, 'lake', feed, '**', '*.parquet');
  return query(
    ':memory:',
    `SELECT left(kode_desa, 5) AS kab, ${column} AS v, count(*)::INTEGER AS n
     FROM read_parquet('${glob}', hive_partitioning = false) GROUP BY ALL ORDER BY ALL`,
  );
}

describe('snapshot slices per kabupaten/kota', () => {
  it("a second BPJS file for one kabupaten replaces that kabupaten's rows of the periode only", async () => {
    const { dataDir, inboxDir } = await setup();
    await writeFile(
      path.join(inboxDir, 'bpjs_kesehatan', 'peserta_2024-06_a.csv'),
      BPJS_HEADER + kapuas(3) + pulangPisau(2),
    );
    expect((await run(inboxDir, dataDir)).status).toBe('SUCCESS');
    expect(await lakeRows(dataDir, 'bpjs_kesehatan', 'segmen')).toEqual([
      { kab: '62.03', v: 'PBI_APBN', n: 3 },
      { kab: '62.11', v: 'PBI_APBN', n: 2 },
    ]);
    expect(await readdir(path.join(dataDir, 'lake', 'bpjs_kesehatan', 'periode=2024-06'))).toEqual([
      'kab=62.03',
      'kab=62.11',
    ]);

    // Pulang Pisau's list of the same month is re-sent alone, with other rows.
    await writeFile(
      path.join(inboxDir, 'bpjs_kesehatan', 'peserta_2024-06_b.csv'),
      BPJS_HEADER + pulangPisau(4, 'PBPU'),
    );
    expect((await run(inboxDir, dataDir)).status).toBe('SUCCESS');
    expect(await lakeRows(dataDir, 'bpjs_kesehatan', 'segmen')).toEqual([
      { kab: '62.03', v: 'PBI_APBN', n: 3 },
      { kab: '62.11', v: 'PBPU', n: 4 },
    ]);
  });

  it('a lake written with one file per periode is split, and no other kabupaten loses a row', async () => {
    const { dataDir, inboxDir } = await setup();
    await writeFile(
      path.join(inboxDir, 'bpjs_kesehatan', 'peserta_2024-06_a.csv'),
      BPJS_HEADER + kapuas(3) + pulangPisau(2),
    );
    await writeFile(
      path.join(inboxDir, 'puskesos', 'puskesos.csv'),
      'kode_desa,nama_puskesos,status\n62.03.01.1010,Puskesos Selat Dalam,AKTIF\n62.11.01.2001,Puskesos Bahaur,AKTIF\n',
    );
    expect((await run(inboxDir, dataDir)).status).toBe('SUCCESS');
    // Rewrite the lake the way older versions stored it: one file per periode / one register.
    for (const folder of ['bpjs_kesehatan/periode=2024-06', 'puskesos']) {
      const dir = path.join(dataDir, 'lake', folder);
      const legacy = path.join(dataDir, 'legacy.parquet');
      await query(
        ':memory:',
        `COPY (SELECT * FROM read_parquet('${dir}/**/*.parquet', hive_partitioning = false)) TO '${legacy}' (FORMAT parquet)`,
      );
      await rm(dir, { recursive: true });
      await mkdir(dir, { recursive: true });
      await rename(legacy, path.join(dir, 'data.parquet'));
    }

    await writeFile(
      path.join(inboxDir, 'bpjs_kesehatan', 'peserta_2024-06_b.csv'),
      BPJS_HEADER + pulangPisau(4, 'PBPU'),
    );
    await writeFile(
      path.join(inboxDir, 'puskesos', 'puskesos_kapuas.csv'),
      'kode_desa,nama_puskesos,status\n62.03.01.1010,Puskesos Selat Dalam,TIDAK_AKTIF\n62.03.06.2001,Puskesos Saka Lagon,AKTIF\n',
    );
    const last = await run(inboxDir, dataDir);
    expect(last.error ?? null).toBeNull();
    expect(last.status).toBe('SUCCESS');
    expect(await lakeRows(dataDir, 'bpjs_kesehatan', 'segmen')).toEqual([
      { kab: '62.03', v: 'PBI_APBN', n: 3 },
      { kab: '62.11', v: 'PBPU', n: 4 },
    ]);
    expect(await lakeRows(dataDir, 'puskesos', 'status')).toEqual([
      { kab: '62.03', v: 'AKTIF', n: 1 },
      { kab: '62.03', v: 'TIDAK_AKTIF', n: 1 },
      { kab: '62.11', v: 'AKTIF', n: 1 },
    ]);
    expect(await readdir(path.join(dataDir, 'lake', 'puskesos'))).toEqual([
      'kab=62.03',
      'kab=62.11',
    ]);

    // The warehouse counts what the lake holds: Kapuas's 3 PBI members are still JKN members.
    const members = await query(
      path.join(dataDir, 'warehouse.duckdb'),
      `SELECT numerator::INTEGER AS n FROM indicator_values
       WHERE indicator_id = 'uhc_pct' AND level = 'kabupaten' AND area_code = '62.03' AND period = '2024-06'`,
    );
    expect(members).toEqual([{ n: 3 }]);
  });
});

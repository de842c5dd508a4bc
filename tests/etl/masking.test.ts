/**
 * Personal data typed into the wrong column never reaches the rejects: every stored value goes
 * through the one rule of warehouse/mask.ts, and stores written by older versions are cleaned by the
 * next run.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEtl } from '../../etl/run.js';
import { buildSampleData, SAMPLE_AS_OF, TEST_KEY } from '../support/sample-data.js';
import { allText, query } from '../support/duckdb.js';
import { OLD_RUN, writeOldRejects } from '../support/old-rejects.js';

const roots: string[] = [];
afterAll(async () => Promise.all(roots.map((d) => rm(d, { recursive: true, force: true }))));
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'etl-mask-'));
  roots.push(dir);
  return dir;
}
const run = (inboxDir: string, dataDir: string) =>
  runEtl({ inboxDir, dataDir, asOf: SAMPLE_AS_OF, regionCode: '62.03', pseudonymKey: TEST_KEY });

/** What must never be stored: NIKs, names, a complaint text. */
const SECRETS = [
  '6203011203850011',
  '6203011203850013',
  '0112.0385',
  'MARTINA BINTI ALI',
  'angkat bu',
  'Kartu KIS tidak aktif',
  '6203011203850017',
];

async function lakeRejectsText(dataDir: string): Promise<string> {
  const dir = path.join(dataDir, 'lake', '_runs', 'rejects');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.parquet'));
  const parts = await Promise.all(
    files.map((f) => allText(':memory:', `read_parquet('${path.join(dir, f)}')`)),
  );
  return parts.join('\n');
}

async function writeDirtyInbox(inboxDir: string): Promise<void> {
  await mkdir(path.join(inboxDir, 'dtks'), { recursive: true });
  await mkdir(path.join(inboxDir, 'rujukan'), { recursive: true });
  await writeFile(
    path.join(inboxDir, 'dtks', 'dtks_salah_kolom_2024-06.csv'),
    'periode,id_dtks,nik,no_kk,kode_desa,tanggal_lahir,jenis_kelamin,hubungan_keluarga\n' +
      '2024-06,D1,6203011203850021,6203010101100011,6203011203850011,12/03/1985,L,ANAK\n' +
      '2024-06,D2,6203011203850022,6203010101100011,62.03.01.1010,MARTINA BINTI ALI,P,ANAK\n' +
      '2024-06,D3,6203011203850023,6203010101100011,62.03.01.1010,6203.0112.0385.0013,P,ANAK\n' +
      '2024-06,D4,6203011203850024,6203010101100011,62.03.01.1010,01/01/2001,P,Anak angkat bu Siti\n' +
      '2024-06,D5,6203011203850025,6203010101100011,62.03.01.1010,01/01/2001,P,KEPONAKAN\n',
  );
  await writeFile(
    path.join(inboxDir, 'rujukan', 'rujukan_salah_kolom.csv'),
    'id_rujukan,tanggal_keluhan,nik,kode_desa,kategori,kanal,lembaga_tujuan,status,diperbarui_pada\n' +
      'R1,02/05/2024,6203011203850001,62.03.01.1010,Kartu KIS tidak aktif sejak Maret,PUSKESOS,DINSOS,DITERIMA,02/05/2024 08:00\n' +
      'R2,02/05/2024,6203011203850001,62.03.01.1010,KESEHATAN,PUSKESOS,DINSOS,DITERIMA,6203011203850017\n',
  );
}

describe('rejected values are masked by one rule for every column', () => {
  it('a NIK, a name or a complaint text in the wrong column is masked in the lake and the warehouse', async () => {
    const root = await tempDir();
    const { dataDir, inboxDir } = await buildSampleData(root);
    await writeDirtyInbox(inboxDir);
    const summary = await run(inboxDir, dataDir);
    expect(summary.status).toBe('SUCCESS');
    const rows = await query(
      path.join(dataDir, 'warehouse.duckdb'),
      `SELECT file, line, column_name, value FROM etl_rejects WHERE run_id = '${summary.run_id}'
       ORDER BY file, line`,
    );
    expect(rows).toEqual([
      {
        file: 'dtks_salah_kolom_2024-06.csv',
        line: 2,
        column_name: 'kode_desa',
        value: '620301**********',
      },
      {
        file: 'dtks_salah_kolom_2024-06.csv',
        line: 3,
        column_name: 'tanggal_lahir',
        value: '[teks 17 karakter]',
      },
      {
        file: 'dtks_salah_kolom_2024-06.csv',
        line: 4,
        column_name: 'tanggal_lahir',
        value: '6203.01**.****.****',
      },
      {
        file: 'dtks_salah_kolom_2024-06.csv',
        line: 5,
        column_name: 'hubungan_keluarga',
        value: '[teks 19 karakter]',
      },
      {
        file: 'dtks_salah_kolom_2024-06.csv',
        line: 6,
        column_name: 'hubungan_keluarga',
        value: 'KEPONAKAN',
      },
      {
        file: 'rujukan_salah_kolom.csv',
        line: 2,
        column_name: 'kategori',
        value: '[teks 33 karakter]',
      },
      {
        file: 'rujukan_salah_kolom.csv',
        line: 3,
        column_name: 'diperbarui_pada',
        value: '620301**********',
      },
    ]);
    const lake = await lakeRejectsText(dataDir);
    const warehouse = await allText(path.join(dataDir, 'warehouse.duckdb'));
    for (const text of [lake, warehouse]) {
      expect(text).toContain('620301**********');
      for (const secret of SECRETS) expect(text).not.toContain(secret);
    }
  });

  it('an old data folder: unmasked rejects and run history are cleaned by the next run', async () => {
    const root = await tempDir();
    const { dataDir, inboxDir } = await buildSampleData(root);
    const oldRun = OLD_RUN;
    await writeOldRejects(dataDir);
    expect(await lakeRejectsText(dataDir)).toContain('MARTINA BINTI ALI');
    expect(await allText(path.join(dataDir, 'warehouse.duckdb'))).toContain('MARTINA BINTI ALI');

    const next = await run(inboxDir, dataDir);
    expect(next.status).toBe('SUCCESS');
    const lake = await lakeRejectsText(dataDir);
    const warehouse = await allText(path.join(dataDir, 'warehouse.duckdb'));
    const history = await readFile(path.join(dataDir, 'lake', '_runs', `${oldRun}.json`), 'utf8');
    for (const text of [lake, warehouse, history])
      for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(
      await query(
        path.join(dataDir, 'warehouse.duckdb'),
        `SELECT line, value FROM etl_rejects WHERE run_id = '${oldRun}' ORDER BY line`,
      ),
    ).toEqual([
      { line: 2, value: '620301**********' },
      { line: 3, value: '[teks 17 karakter]' },
      { line: 4, value: '[teks 21 karakter]' },
      { line: 5, value: '620301**********' },
    ]);
    expect(JSON.parse(history).error).toBe(
      'Berkas tidak dapat dibaca: baris 620301********** rusak',
    );
    // The sample run's values are what they were (already of the rule).
    expect(lake).toContain('6,20306E+**');
    expect(lake).toContain('31/02/1992');
  });
});

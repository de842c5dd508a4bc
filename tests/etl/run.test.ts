/**
 * The ETL end to end on real files: the sample inbox (hand-checked in tests/fixtures/samples/EXPECTED.md),
 * cross-run replacement, bad files, privacy of everything written, the lock, and a run killed
 * mid-way.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readdir, readFile, writeFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { DuckDBInstance } from '@duckdb/node-api';
import { runEtl } from '../../etl/run.js';
import { listRuns, type RunSummary } from '../../warehouse/runs.js';
import { acquireLock, EtlBusyError } from '../../warehouse/lock.js';
import {
  buildSampleData,
  copySamples,
  repoRoot,
  samplesInbox,
  SAMPLE_AS_OF,
  TEST_KEY,
} from '../support/sample-data.js';
import { allText, query } from '../support/duckdb.js';

const tmpRoots: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'etl-test-'));
  tmpRoots.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(tmpRoots.map((d) => rm(d, { recursive: true, force: true })));
});

const run = (inboxDir: string, dataDir: string, asOf = SAMPLE_AS_OF) =>
  // settleSeconds 0: the tests write their files completely before the run
  runEtl({
    inboxDir,
    dataDir,
    asOf,
    regionCode: '62.03',
    pseudonymKey: TEST_KEY,
    settleSeconds: 0,
  });

async function indicatorRows(dataDir: string): Promise<string> {
  const rows = await query(
    path.join(dataDir, 'warehouse.duckdb'),
    `SELECT * FROM indicator_values ORDER BY ALL`,
  );
  return JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
}

describe('sample inbox (EXPECTED.md)', () => {
  let dataDir: string;
  let inboxDir: string;
  let summary: RunSummary;

  beforeAll(async () => {
    ({ dataDir, inboxDir, summary } = await buildSampleData(await tempDir()));
  });

  it('loads and rejects exactly the hand-checked rows', () => {
    const loaded = Object.fromEntries(
      Object.entries(summary.feeds).map(([feed, f]) => [feed, f.rows_loaded]),
    );
    expect(loaded).toEqual({
      penduduk: 3,
      dtks: 4,
      dtsen: 9,
      rujukan: 4,
      bpjs_kesehatan: 4,
      bpjs_ketenagakerjaan: 1,
      pkh: 3,
      puskesos: 2,
    });
    expect(summary.feeds.dtks?.rejects).toEqual({
      NIK_TIDAK_VALID: 1,
      KODE_WILAYAH_TIDAK_DIKENAL: 1,
      TANGGAL_TIDAK_VALID: 1,
      DUPLIKAT: 1,
    });
    expect(summary.feeds.rujukan?.rejects).toEqual({
      TANGGAL_TIDAK_VALID: 1,
      NILAI_TIDAK_DIKENAL: 1,
    });
    expect(summary.feeds.bpjs_kesehatan?.rejects).toEqual({ NILAI_TIDAK_DIKENAL: 1 });
    expect(summary.feeds.dtks?.rows_read).toBe(8);
    // DTSEN: 3 families + 6 members, the member line with text after a closing quote rejected.
    expect(summary.feeds.dtsen?.rejects).toEqual({ BARIS_RUSAK: 1 });
    expect(summary.feeds.dtsen?.rows_read).toBe(10);
    expect(summary.feeds.dtsen?.anggota_tanpa_keluarga).toBe(0);
    expect(summary.status).toBe('SUCCESS');
  });

  it('records each reject with file, line, column, reason and a masked value', async () => {
    const rejects = await query(
      path.join(dataDir, 'warehouse.duckdb'),
      `SELECT feed, file, line, column_name, reason, value FROM etl_rejects ORDER BY feed, file, line`,
    );
    expect(rejects).toEqual([
      {
        feed: 'bpjs_kesehatan',
        file: 'jkn_2024-06.txt',
        line: 6,
        column_name: 'segmen',
        reason: 'NILAI_TIDAK_DIKENAL',
        value: 'KELAS 3',
      },
      {
        feed: 'dtks',
        file: 'dtks_kapuas_2024-06.csv',
        line: 6,
        column_name: 'nik',
        reason: 'NIK_TIDAK_VALID',
        value: '6,20306E+**',
      },
      {
        feed: 'dtks',
        file: 'dtks_kapuas_2024-06.csv',
        line: 7,
        column_name: 'kode_desa',
        reason: 'KODE_WILAYAH_TIDAK_DIKENAL',
        value: '62.03.99.2002',
      },
      {
        feed: 'dtks',
        file: 'dtks_kapuas_2024-06.csv',
        line: 8,
        column_name: 'tanggal_lahir',
        reason: 'TANGGAL_TIDAK_VALID',
        value: '31/02/1992',
      },
      {
        feed: 'dtks',
        file: 'dtks_kapuas_2024-06.csv',
        line: 9,
        column_name: 'nik',
        reason: 'DUPLIKAT',
        value: '620301**********',
      },
      {
        feed: 'dtsen',
        file: 'anggota_keluarga_dtsen_v3_202407_6203.csv',
        line: 5,
        column_name: null,
        reason: 'BARIS_RUSAK',
        value:
          'Baris tidak dapat dipisah menjadi kolom judul: ada teks setelah tanda kutip penutup; baris 83 karakter',
      },
      {
        feed: 'rujukan',
        file: 'rujukan_2024-05.csv',
        line: 4,
        column_name: 'tanggal_selesai',
        reason: 'TANGGAL_TIDAK_VALID',
        value: null,
      },
      {
        feed: 'rujukan',
        file: 'rujukan_2024-06.csv',
        line: 4,
        column_name: 'lembaga_tujuan',
        reason: 'NILAI_TIDAK_DIKENAL',
        value: 'DINAS LAIN',
      },
    ]);
  });

  it('moves processed files to the archive and leaves the inbox empty', async () => {
    for (const feed of await readdir(inboxDir))
      expect(await readdir(path.join(inboxDir, feed))).toEqual([]);
    const archived = await readdir(path.join(dataDir, 'archive', summary.run_id, 'rujukan'));
    expect(archived.sort()).toEqual(['rujukan_2024-05.csv', 'rujukan_2024-06.csv']);
  });

  it('never stores a raw NIK, no_kk, name or complaint text', async () => {
    const raw = await rawSecrets();
    const lakeFiles = await parquetFiles(path.join(dataDir, 'lake'));
    expect(lakeFiles.length).toBeGreaterThan(5);
    const lakeText = (
      await Promise.all(lakeFiles.map((f) => allText(':memory:', `read_parquet('${f}')`)))
    ).join('\n');
    const warehouseText = await allText(path.join(dataDir, 'warehouse.duckdb'));
    for (const text of [lakeText, warehouseText]) {
      expect(text.length).toBeGreaterThan(1000);
      for (const secret of raw) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/(?<!\d)(11|62)\d{14}(?!\d)/);
    }
    const runsText = (await readdir(path.join(dataDir, 'lake', '_runs')))
      .filter((n) => n.endsWith('.json'))
      .map((n) => n);
    for (const n of runsText) {
      const json = await readFile(path.join(dataDir, 'lake', '_runs', n), 'utf8');
      for (const secret of raw) expect(json).not.toContain(secret);
    }
  });

  it('an empty-inbox rerun and a re-fed file change no indicator', async () => {
    const before = await indicatorRows(dataDir);
    expect(before.length).toBeGreaterThan(100);
    const again = await run(inboxDir, dataDir);
    expect(again.status).toBe('SUCCESS');
    expect(await indicatorRows(dataDir)).toBe(before);
    await copySamples(inboxDir);
    const refed = await run(inboxDir, dataDir);
    expect(refed.status).toBe('SUCCESS');
    expect(refed.feeds.dtks?.rows_loaded).toBe(4);
    expect(await indicatorRows(dataDir)).toBe(before);
    const runs = await listRuns(dataDir);
    expect(runs.map((r) => r.status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
    expect(runs[0].changes?.every((c) => !c.flagged)).toBe(true);
  });
});

/** The raw identifiers and texts of the sample files, which must appear nowhere downstream. */
async function rawSecrets(): Promise<string[]> {
  const secrets = new Set<string>();
  const dir = samplesInbox;
  for (const feed of await readdir(dir)) {
    for (const name of await readdir(path.join(dir, feed), { recursive: true })) {
      if (!name.endsWith('.csv') && !name.endsWith('.txt')) continue;
      const text = await readFile(path.join(dir, feed, name), 'utf8');
      for (const m of text.matchAll(/\d{16}/g)) secrets.add(m[0]);
      for (const s of [
        'AHMAD S',
        'SITI A',
        'MARTINA',
        'TAMU',
        'JOKO',
        'Akta kelahiran anak',
        'Kartu KIS tidak aktif',
      ])
        if (text.includes(s)) secrets.add(s);
    }
  }
  return [...secrets];
}

async function parquetFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await parquetFiles(full)));
    else if (entry.name.endsWith('.parquet')) out.push(full);
  }
  return out;
}

describe('across runs', () => {
  it('a re-sent snapshot replaces its period; rujukan versions merge by latest diperbarui_pada', async () => {
    const root = await tempDir();
    const { dataDir, inboxDir } = await buildSampleData(root);
    const wh = path.join(dataDir, 'warehouse.duckdb');
    const dtksValue = () =>
      query(
        wh,
        `SELECT value FROM indicator_values WHERE indicator_id = 'registri_individu'
        AND level = 'desa' AND area_code = '62.03.01.1010' AND period = '2024-06'`,
      );
    expect(await dtksValue()).toEqual([{ value: 3 }]);
    // A corrected June export without the child, and an older May snapshot.
    await mkdir(path.join(inboxDir, 'dtks'), { recursive: true });
    await writeFile(
      path.join(inboxDir, 'dtks', 'dtks_koreksi_2024-06.csv'),
      'periode,id_dtks,nik,no_kk,kode_desa,tanggal_lahir,jenis_kelamin,hubungan_keluarga\n' +
        '2024-06,DTKS0001,6203011203850001,6203010101100001,62.03.01.1010,12/03/1985,L,KEPALA_KELUARGA\n' +
        '2024-06,DTKS0002,6203015507880002,6203010101100001,62.03.01.1010,15/07/1988,P,ISTRI\n' +
        '2024-05,DTKS0001,6203011203850001,6203010101100001,62.03.01.1010,12/03/1985,L,KEPALA_KELUARGA\n',
    );
    // An older version of a complaint that is already SELESAI must not win.
    await writeFile(
      path.join(inboxDir, 'rujukan', 'rujukan_lama.csv'),
      'id_rujukan,tanggal_keluhan,nik,kode_desa,kategori,kanal,lembaga_tujuan,status,diperbarui_pada\n' +
        'SLRT-6203-000101,02/05/2024,6203011203850001,62.03.01.1010,ADMINDUK,PUSKESOS,DISDUKCAPIL,DITERIMA,02/05/2024 08:00\n',
    );
    // The corrected June export has no row of Kecamatan Pulau Petak: the publish guard would hold
    // it (tests/etl/guard.test.ts); the operator accepts the drop.
    const second = await runEtl({
      inboxDir,
      dataDir,
      asOf: SAMPLE_AS_OF,
      regionCode: '62.03',
      pseudonymKey: TEST_KEY,
      acceptDrop: true,
    });
    expect(second.status).toBe('SUCCESS');
    expect(second.guard?.differences).toContainEqual(
      expect.objectContaining({
        indicator_id: 'registri_individu',
        area_code: '62.03.06',
        current: 0,
      }),
    );
    expect(await dtksValue()).toEqual([{ value: 2 }]);
    expect(
      await query(
        wh,
        `SELECT period, value FROM indicator_values WHERE indicator_id = 'registri_individu'
        AND level = 'desa' AND area_code = '62.03.01.1010' AND period IN ('2024-05', '2024-07') ORDER BY 1`,
      ),
    ).toEqual([
      { period: '2024-05', value: 1 },
      // July is served by the DTSEN release of 2024-07 (EXPECTED.md), not by the June DTKS.
      { period: '2024-07', value: 5 },
    ]);
    // 000101 is still SELESAI (2024-05-10): May's completion in Selat Dalam stays 100 %.
    expect(
      await query(
        wh,
        `SELECT numerator, denominator, value FROM indicator_values WHERE indicator_id = 'rujukan_selesai_pct'
        AND level = 'desa' AND area_code = '62.03.01.1010' AND period = '2024-05'`,
      ),
    ).toEqual([{ numerator: 1, denominator: 1, value: 100 }]);
  });
});

describe('bad files are rejected with a reason; the run goes on', () => {
  let summary: RunSummary;
  let dataDir: string;

  beforeAll(async () => {
    const root = await tempDir();
    const inboxDir = path.join(root, 'inbox');
    dataDir = path.join(root, 'data');
    await copySamples(inboxDir);
    const dtks = path.join(inboxDir, 'dtks');
    await writeFile(path.join(dtks, 'b_kosong.csv'), '');
    await writeFile(
      path.join(dtks, 'c_judul_saja.csv'),
      'periode;id_dtks;nik;no_kk;kode_desa;tanggal_lahir;jenis_kelamin;hubungan_keluarga\n',
    );
    await writeFile(
      path.join(dtks, 'd_biner.csv'),
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0, 0xff, 0xfe]),
    );
    await writeFile(
      path.join(dtks, 'e_rusak.xlsx'),
      Buffer.from('PK\u0003\u0004 bukan xlsx sungguhan'),
    );
    // 200 MB on one line: rejected from its first megabyte, never loaded whole.
    await writeFile(path.join(dtks, 'f_satu_baris.csv'), Buffer.alloc(200 * 2 ** 20, 'x'));
    await writeFile(
      path.join(dtks, 'g_tanpa_nik.csv'),
      'periode,id_dtks,no_kk,kode_desa,tanggal_lahir,jenis_kelamin,hubungan_keluarga\n2024-06,X,6203010101100009,62.03.01.1010,01/01/1990,L,ANAK\n',
    );
    await writeFile(path.join(dtks, 'h.pdf'), '%PDF-1.4');
    // Latin-1 (Windows Excel) text with an accented extra column that is never read.
    await writeFile(
      path.join(inboxDir, 'puskesos', 'puskesos_latin1.csv'),
      Buffer.from(
        'kode_desa;nama_puskesos;status;catatan\n62.03.01.2011;Puskesos Pulau Telo;AKTIF;Résumé\n',
        'latin1',
      ),
    );
    await writeXlsx(path.join(dtks, 'i_kecamatan.xlsx'));
    // A real workbook cut in half, as an interrupted upload leaves it.
    await writeXlsx(path.join(root, 'utuh.xlsx'));
    const whole = await readFile(path.join(root, 'utuh.xlsx'));
    await writeFile(path.join(dtks, 'j_terpotong.xlsx'), whole.subarray(0, whole.length >> 1));
    await writeParquet(path.join(inboxDir, 'bpjs_ketenagakerjaan', 'bpjstk_2024-05.parquet'));
    summary = await run(inboxDir, dataDir);
  });

  it('publishes despite the bad files', () => {
    expect(summary.error).toBeUndefined();
    expect(summary.status).toBe('SUCCESS');
  });

  it('rejects each bad file whole with a clear reason', async () => {
    const rows = await query(
      path.join(dataDir, 'warehouse.duckdb'),
      `SELECT file, reason, value FROM etl_rejects WHERE line = 0 ORDER BY file`,
    );
    const byFile = Object.fromEntries(rows.map((r) => [r.file, r]));
    expect(byFile['b_kosong.csv'].reason).toBe('KOLOM_TIDAK_ADA');
    expect(byFile['d_biner.csv'].reason).toBe('BERKAS_RUSAK');
    expect(byFile['e_rusak.xlsx'].reason).toBe('BERKAS_RUSAK');
    expect(byFile['f_satu_baris.csv'].reason).toBe('BERKAS_RUSAK');
    expect(byFile['g_tanpa_nik.csv']).toMatchObject({ reason: 'KOLOM_TIDAK_ADA' });
    expect(String(byFile['g_tanpa_nik.csv'].value)).toContain('nik');
    expect(byFile['h.pdf'].reason).toBe('BERKAS_RUSAK');
    expect(byFile['j_terpotong.xlsx'].reason).toBe('BERKAS_RUSAK');
    expect(byFile['c_judul_saja.csv']).toBeUndefined(); // a header-only file is valid and empty
    expect(summary.feeds.dtks?.rejects.KOLOM_TIDAK_ADA).toBe(2);
  });

  it('reads the xlsx (header on row 3, date cells, numeric NIK, serial dates) and the parquet', async () => {
    const wh = path.join(dataDir, 'warehouse.duckdb');
    const xlsxRejects = await query(
      wh,
      `SELECT line, column_name, reason FROM etl_rejects WHERE file = 'i_kecamatan.xlsx' ORDER BY line`,
    );
    expect(xlsxRejects).toEqual([{ line: 6, column_name: 'nik', reason: 'NIK_TIDAK_VALID' }]);
    // sample file rows 2-5 + xlsx rows 4 and 5 (two new people in Pulau Telo, 62.03.01.2011)
    expect(summary.feeds.dtks?.rows_loaded).toBe(6);
    expect(
      await query(
        wh,
        `SELECT value FROM indicator_values WHERE indicator_id = 'registri_individu' AND level = 'desa'
        AND area_code = '62.03.01.2011' AND period = '2024-06'`,
      ),
    ).toEqual([{ value: 2 }]);
    expect(summary.feeds.bpjs_ketenagakerjaan?.rows_loaded).toBe(2);
    expect(summary.feeds.puskesos?.rows_loaded).toBe(3);
  });

  it('keeps every bad file in the archive (nothing is lost)', async () => {
    const archived = await readdir(path.join(dataDir, 'archive', summary.run_id, 'dtks'));
    expect(archived).toEqual(
      expect.arrayContaining(['b_kosong.csv', 'd_biner.csv', 'e_rusak.xlsx', 'h.pdf']),
    );
  });
});

async function writeXlsx(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('DTKS');
  // The contract: the header is the first non-empty row (here row 3).
  ws.addRow([]);
  ws.addRow([]);
  ws.addRow([
    'PERIODE',
    'ID DTKS',
    'NIK',
    'NO KK',
    'NAMA',
    'KODE DESA',
    'TANGGAL LAHIR',
    'JENIS KELAMIN',
    'HUBUNGAN KELUARGA',
    'DESIL',
  ]);
  ws.addRow([
    new Date(Date.UTC(2024, 5, 1)),
    'X1',
    6203012011900001,
    '6203012011900099',
    'NAMA SATU',
    '6203012011',
    new Date(Date.UTC(1990, 0, 15)),
    'L',
    'KEPALA KELUARGA',
    3,
  ]);
  ws.addRow([
    '2024-06',
    'X2',
    '6203012011900002',
    6203012011900099,
    'NAMA DUA',
    '62.03.01.2011',
    33000,
    'P',
    'ISTRI',
    3,
  ]);
  ws.addRow([
    '2024-06',
    'X3',
    '6.20301E+15',
    '6203012011900099',
    'NAMA TIGA',
    '62.03.01.2011',
    33000,
    'P',
    'ANAK',
    3,
  ]);
  await wb.xlsx.writeFile(file);
}

async function writeParquet(file: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(`COPY (SELECT DATE '2024-05-01' AS PERIODE, '6203011203850001' AS NIK, '6203011010' AS "Kode Desa",
    'BPU' AS kategori, 'AKTIF' AS status) TO '${file}' (FORMAT parquet)`);
  conn.closeSync();
  db.closeSync();
}

describe('run safety', () => {
  it('a second run while one holds the lock is refused', async () => {
    const dataDir = await tempDir();
    const lock = await acquireLock(dataDir, 'r-test');
    await expect(run(path.join(dataDir, 'inbox'), dataDir)).rejects.toBeInstanceOf(EtlBusyError);
    await lock.release();
  });

  it('a run killed mid-way (SIGKILL) leaves the previous warehouse readable and unchanged', async () => {
    const root = await tempDir();
    const { dataDir, inboxDir } = await buildSampleData(root);
    const wh = path.join(dataDir, 'warehouse.duckdb');
    const hash = async () =>
      createHash('sha256')
        .update(await readFile(wh))
        .digest('hex');
    const before = await hash();
    const beforeRows = await indicatorRows(dataDir);
    await copySamples(inboxDir);
    const cli = path.join(repoRoot, 'dist', 'etl', 'cli.js');
    await stat(cli); // built by `npm test` before the suites run
    const child = spawn(
      process.execPath,
      [
        cli,
        '--inbox',
        inboxDir,
        '--data',
        dataDir,
        '--as-of',
        SAMPLE_AS_OF,
        '--json',
        '--progress',
        'jsonl',
      ],
      {
        env: { ...process.env, PSEUDONYM_KEY: TEST_KEY },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const killedAt = await new Promise<string>((resolve, reject) => {
      let buffer = '';
      child.stderr.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        for (const line of buffer.split('\n').slice(0, -1)) {
          const event = JSON.parse(line) as { stage: string };
          if (event.stage === 'warehouse') {
            child.kill('SIGKILL');
            resolve(event.stage);
          }
        }
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
      });
      child.on('exit', () => reject(new Error('the run ended before it could be killed')));
    });
    expect(killedAt).toBe('warehouse');
    await new Promise((r) => child.on('exit', r));
    expect(await hash()).toBe(before);
    expect(await indicatorRows(dataDir)).toBe(beforeRows);
    // The next run takes over the stale lock, reports the killed run as failed, and publishes.
    const next = await run(inboxDir, dataDir);
    expect(next.status).toBe('SUCCESS');
    const runs = await listRuns(dataDir);
    expect(runs.find((r) => r.run_id !== next.run_id && r.status === 'FAILED')?.error).toMatch(
      /terhenti/,
    );
    expect(await indicatorRows(dataDir)).toBe(beforeRows);
  });
});

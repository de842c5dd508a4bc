/**
 * Reject reasons and their order (data-contract.md, "Rejects"): a row breaking several rules is
 * counted once, under the first; a rejected row claims no key; keys compare after normalisation.
 * Each row below was written to break exactly the rules named in its comment.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEtl } from '../../etl/run.js';
import type { RunSummary } from '../../warehouse/runs.js';
import { TEST_KEY } from '../support/sample-data.js';
import { query } from '../support/duckdb.js';

let root: string;
let summary: RunSummary;
let rejects: Record<string, unknown>[];

const DTKS_HEADER =
  'periode,id_dtks,nik,no_kk,kode_desa,tanggal_lahir,jenis_kelamin,hubungan_keluarga,desil,hamil\n';

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'etl-rules-'));
  const inbox = path.join(root, 'inbox');
  const put = async (feed: string, name: string, text: string) => {
    await mkdir(path.join(inbox, feed), { recursive: true });
    await writeFile(path.join(inbox, feed, name), text);
  };
  await put(
    'dtks',
    'a.csv',
    DTKS_HEADER +
      // line 2: valid
      '2024-06,A1,6203011203850001,6203010101100001,62.03.01.1010,12/03/1985,L,KEPALA_KELUARGA,2,\n' +
      // line 3: empty required id_dtks AND bad NIK → KOLOM_WAJIB_KOSONG
      '2024-06,,12345,6203010101100001,62.03.01.1010,12/03/1985,L,ANAK,2,\n' +
      // line 4: bad no_kk AND unknown desa → NIK_TIDAK_VALID (column no_kk)
      '2024-06,A4,6203011203850004,99,62.03.99.9999,12/03/1985,L,ANAK,2,\n' +
      // line 5: unknown desa AND impossible date → KODE_WILAYAH_TIDAK_DIKENAL
      '2024-06,A5,6203011203850005,6203010101100001,6203999999,30/02/1985,L,ANAK,2,\n' +
      // line 6: impossible date AND unknown enum → TANGGAL_TIDAK_VALID
      '2024-06,A6,6203011203850006,6203010101100001,62.03.01.1010,30/02/1985,X,ANAK,2,\n' +
      // line 7: unknown enum (hamil) → NILAI_TIDAK_DIKENAL
      '2024-06,A7,6203011203850007,6203010101100001,62.03.01.1010,12/03/1985,P,ANAK,2,MUNGKIN\n' +
      // line 8: rejected (bad date) with the key of line 9: it claims no key
      '2024-06,A8,6203011203850008,6203010101100001,62.03.01.1010,1985-13-01,P,ANAK,2,\n' +
      // line 9: valid, same key as the rejected line 8 → loads
      '2024-06,A9,6203011203850008,6203010101100001,62.03.01.1010,1985-01-13,P,ANAK,2,\n' +
      // line 10: periode after the as-of month → TANGGAL_TIDAK_VALID
      '2024-08,A10,6203011203850010,6203010101100001,62.03.01.1010,12/03/1985,L,ANAK,2,\n',
  );
  // A second file of the same batch: duplicates against a.csv (first file wins).
  await put(
    'dtks',
    'b.csv',
    DTKS_HEADER +
      // line 2: same (periode, nik) as a.csv line 2, NIK written with spaces → DUPLIKAT
      '2024-06,B1,6203 0112 0385 0001,6203010101100001,6203011010,12/03/1985,L,KEPALA_KELUARGA,2,\n' +
      // line 3: same NIK, other periode → loads
      '202405,B2,6203011203850001,6203010101100001,62.03.01.1010,12/03/1985,L,KEPALA_KELUARGA,2,\n',
  );
  await put(
    'penduduk',
    'p.csv',
    'kode_desa,tahun,jumlah_penduduk\n' +
      '62.03.01.1010,2024,12.450\n' +
      '6203011010,2024,12450\n' + // same key after normalisation → DUPLIKAT
      '62.03.01.2011,2024,seribu\n' + // → NILAI_TIDAK_DIKENAL
      '62.03.01.2011,2025,1830\n', // tahun after the as-of year → TANGGAL_TIDAK_VALID
  );
  await put(
    'rujukan',
    'r.csv',
    'id_rujukan,tanggal_keluhan,nik,kode_desa,kategori,kanal,lembaga_tujuan,status,tanggal_selesai,diperbarui_pada\n' +
      // closed before it was received → TANGGAL_TIDAK_VALID
      'R1,10/05/2024,6203011203850001,62.03.01.1010,BANSOS,SLRT,DINSOS,DITOLAK,09/05/2024,10/05/2024 10:00\n' +
      // open status: an unreadable tanggal_selesai is ignored → loads
      'R2,10/05/2024,6203011203850001,62.03.01.1010,BANSOS,SLRT,DINSOS,DIRUJUK,kemarin,10/05/2024 10:00\n' +
      // the same id twice is a version, never DUPLIKAT → loads
      'R2,10/05/2024,6203011203850001,62.03.01.1010,BANSOS,SLRT,DINSOS,DIRUJUK,,10/05/2024 10:00\n' +
      // bad timestamp → TANGGAL_TIDAK_VALID
      'R3,10/05/2024,6203011203850001,62.03.01.1010,BANSOS,SLRT,DINSOS,DIRUJUK,,10-05-2024 25:00\n',
  );
  summary = await runEtl({
    inboxDir: inbox,
    dataDir: path.join(root, 'data'),
    asOf: '2024-07-05',
    regionCode: '62.03',
    pseudonymKey: TEST_KEY,
    settleSeconds: 0, // the files were written just now, and completely
  });
  rejects = await query(
    path.join(root, 'data', 'warehouse.duckdb'),
    `SELECT feed, file, line, column_name, reason FROM etl_rejects ORDER BY feed, file, line`,
  );
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('reject reasons in the contract order', () => {
  it('publishes', () => expect(summary.status).toBe('SUCCESS'));

  it('dtks: first broken rule wins; a rejected row claims no key; files in name order', () => {
    expect(rejects.filter((r) => r.feed === 'dtks')).toEqual([
      {
        feed: 'dtks',
        file: 'a.csv',
        line: 3,
        column_name: 'id_dtks',
        reason: 'KOLOM_WAJIB_KOSONG',
      },
      { feed: 'dtks', file: 'a.csv', line: 4, column_name: 'no_kk', reason: 'NIK_TIDAK_VALID' },
      {
        feed: 'dtks',
        file: 'a.csv',
        line: 5,
        column_name: 'kode_desa',
        reason: 'KODE_WILAYAH_TIDAK_DIKENAL',
      },
      {
        feed: 'dtks',
        file: 'a.csv',
        line: 6,
        column_name: 'tanggal_lahir',
        reason: 'TANGGAL_TIDAK_VALID',
      },
      { feed: 'dtks', file: 'a.csv', line: 7, column_name: 'hamil', reason: 'NILAI_TIDAK_DIKENAL' },
      {
        feed: 'dtks',
        file: 'a.csv',
        line: 8,
        column_name: 'tanggal_lahir',
        reason: 'TANGGAL_TIDAK_VALID',
      },
      {
        feed: 'dtks',
        file: 'a.csv',
        line: 10,
        column_name: 'periode',
        reason: 'TANGGAL_TIDAK_VALID',
      },
      { feed: 'dtks', file: 'b.csv', line: 2, column_name: 'nik', reason: 'DUPLIKAT' },
    ]);
    expect(summary.feeds.dtks).toMatchObject({ rows_read: 11, rows_loaded: 3, rows_rejected: 8 });
  });

  it('penduduk: keys compare after normalisation; integers and years', () => {
    expect(rejects.filter((r) => r.feed === 'penduduk')).toEqual([
      { feed: 'penduduk', file: 'p.csv', line: 3, column_name: 'kode_desa', reason: 'DUPLIKAT' },
      {
        feed: 'penduduk',
        file: 'p.csv',
        line: 4,
        column_name: 'jumlah_penduduk',
        reason: 'NILAI_TIDAK_DIKENAL',
      },
      {
        feed: 'penduduk',
        file: 'p.csv',
        line: 5,
        column_name: 'tahun',
        reason: 'TANGGAL_TIDAK_VALID',
      },
    ]);
  });

  it('rujukan: closed-status rule, ignored tanggal_selesai on open status, no DUPLIKAT', () => {
    expect(rejects.filter((r) => r.feed === 'rujukan')).toEqual([
      {
        feed: 'rujukan',
        file: 'r.csv',
        line: 2,
        column_name: 'tanggal_selesai',
        reason: 'TANGGAL_TIDAK_VALID',
      },
      {
        feed: 'rujukan',
        file: 'r.csv',
        line: 5,
        column_name: 'diperbarui_pada',
        reason: 'TANGGAL_TIDAK_VALID',
      },
    ]);
    expect(summary.feeds.rujukan?.rows_loaded).toBe(2);
  });

  it('the summary counts rejects per feed and reason', () => {
    expect(summary.feeds.dtks?.rejects).toEqual({
      KOLOM_WAJIB_KOSONG: 1,
      NIK_TIDAK_VALID: 1,
      KODE_WILAYAH_TIDAK_DIKENAL: 1,
      TANGGAL_TIDAK_VALID: 3,
      NILAI_TIDAK_DIKENAL: 1,
      DUPLIKAT: 1,
    });
  });
});

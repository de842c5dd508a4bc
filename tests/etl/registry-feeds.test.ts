/**
 * The registry as files really come (docs/registry.md): the DTSEN feed's family and member files
 * told apart by header, real export headers, periode from the file path, members without a family
 * row, and the lake slices of member files.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedSpec, mapHeader, periodeFromPath } from '../../etl/feeds.js';
import { runEtl } from '../../etl/run.js';
import { query } from '../support/duckdb.js';
import { TEST_KEY } from '../support/sample-data.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs('etl-registry-');

describe('periode from the file path', () => {
  it.each([
    ['2026-09/keluarga.csv', '2026-09'],
    ['keluarga_dtsen_v3_202609.csv', '2026-09'],
    ['anggota_keluarga_dtsen_v3_202407_6203.csv', '2024-07'],
    // The folder comes before the file name; a month 13 is no periode.
    ['2024-07/keluarga_dtsen_v3_202301.csv', '2024-07'],
    ['2024-13/keluarga_202407.csv', '2024-07'],
    ['dtsen_2024-07-15.csv', '2024-07'],
    // No token of six digits or YYYY-MM: a year alone, a code of four digits, a dotted date.
    ['keluarga_dtsen_v3_2024_6203.csv', null],
    ['rilis.2024.07.csv', null],
    ['x2024-07.csv', null],
    ['6203011.csv', null],
  ])('%s → %s', (name, expected) => {
    expect(periodeFromPath(name)).toBe(expected);
  });
});

describe('real export headers', () => {
  it("the contract's own name wins over a synonym, else the leftmost synonym", () => {
    const dtks = feedSpec('dtks');
    const found = mapHeader(dtks, ['Nokk', 'NOMOR KK', 'no_kk', 'NIK ART', 'Nik']);
    expect(found.get('no_kk')).toBe(2);
    expect(found.get('nik')).toBe(4); // `Nik` is the contract's name, case aside
    const leftmost = mapHeader(dtks, ['NOMOR KK', 'Nokk']);
    expect(leftmost.get('no_kk')).toBe(0);
  });

  it('headers match with spaces, -, _, / and . as one', () => {
    const found = mapHeader(feedSpec('dtks'), ['Tgl.Lahir', 'Kode/Desa', 'Hub-Keluarga']);
    expect([...found.entries()]).toEqual([
      ['kode_desa', 1],
      ['tanggal_lahir', 0],
      ['hubungan_keluarga', 2],
    ]);
  });

  it('`desil` is desil_nasional in dtsen only', () => {
    expect(mapHeader(feedSpec('dtsen_keluarga'), ['desil']).get('desil_nasional')).toBe(0);
    expect(mapHeader(feedSpec('dtks'), ['desil']).get('desil')).toBe(0);
    expect(mapHeader(feedSpec('dtks'), ['jenis_desil']).has('desil')).toBe(false);
  });
});

const FAMILY =
  '"nomor_kartu_keluarga"|"kode_kelurahan_desa"|"desil_nasional"|"desil_provinsi"|"pbi_nas"\n';
const MEMBER =
  '"nomor_induk_kependudukan"|"nomor_kartu_keluarga"|"nama"|"Tgl_Lahir"|"jenis_kelamin"|"HUB KEL"\n';

async function setup() {
  const root = await tempDir();
  const dataDir = path.join(root, 'data');
  const inboxDir = path.join(root, 'inbox');
  await mkdir(path.join(inboxDir, 'dtsen', '2024-07'), { recursive: true });
  await mkdir(path.join(inboxDir, 'dtks'), { recursive: true });
  return { dataDir, inboxDir };
}

const run = (inboxDir: string, dataDir: string, asOf = '2024-07-20') =>
  runEtl({
    inboxDir,
    dataDir,
    asOf,
    regionCode: '62.03',
    pseudonymKey: TEST_KEY,
    settleSeconds: 0,
    publishGuardDrop: 0,
  });

const lakeFolders = async (dataDir: string, table: string) =>
  (await readdir(path.join(dataDir, 'lake', table), { recursive: true }))
    .filter((f) => f.endsWith('.parquet'))
    .sort();

describe('feed dtsen', () => {
  it('loads family and member files by header, periode from the folder or the name', async () => {
    const { dataDir, inboxDir } = await setup();
    await writeFile(
      path.join(inboxDir, 'dtsen', '2024-07', 'keluarga.csv'),
      FAMILY +
        '"6203010101100001"|"6203011010"|"2"|"2"|"1"\n' +
        '"6211010101100002"|"6211012001"|"3"|""|"TIDAK"\n',
    );
    await writeFile(
      path.join(inboxDir, 'dtsen', 'anggota_v3_202407.txt'),
      MEMBER +
        '"6203011203850001"|"6203010101100001"|"AHMAD S"|"12/03/1985"|"L"|"KEPALA KELUARGA"\n' +
        '"6211015507880002"|"6211010101100002"|"SITI"|"15/07/1988"|"P"|"ISTRI"\n' +
        // A member whose family is in no family file: loaded, counted, in no area.
        '"6203010201150003"|"6203019999999999"|"RAFI"|"02/01/2015"|"L"|"ANAK"\n',
    );
    const summary = await run(inboxDir, dataDir);
    expect(summary.error ?? null).toBeNull();
    expect(summary.feeds.dtsen).toMatchObject({
      files: 2,
      rows_read: 5,
      rows_loaded: 5,
      rows_rejected: 0,
      anggota_tanpa_keluarga: 1,
    });
    expect(await lakeFolders(dataDir, 'dtsen_keluarga')).toEqual([
      'periode=2024-07/kab=62.03/data.parquet',
      'periode=2024-07/kab=62.11/data.parquet',
    ]);
    // Members take their family's kabupaten; the one without a family the served region's.
    const members = await query(
      ':memory:',
      `SELECT regexp_extract(filename, 'kab=([0-9.]+)', 1) AS kab, count(*)::INTEGER AS n,
         min(strftime(periode, '%Y-%m')) AS periode
       FROM read_parquet('${dataDir}/lake/dtsen_anggota/**/*.parquet', filename = true,
         hive_partitioning = false) GROUP BY ALL ORDER BY ALL`,
    );
    expect(members).toEqual([
      { kab: '62.03', n: 2, periode: '2024-07' },
      { kab: '62.11', n: 1, periode: '2024-07' },
    ]);
    const families = await query(
      ':memory:',
      `SELECT kode_desa, desil_nasional, desil_provinsi, pbi_nas, pbi_pemda
       FROM read_parquet('${dataDir}/lake/dtsen_keluarga/**/*.parquet', hive_partitioning = false)
       ORDER BY kode_desa`,
    );
    expect(families).toEqual([
      {
        kode_desa: '62.03.01.1010',
        desil_nasional: 2,
        desil_provinsi: 2,
        pbi_nas: 'YA',
        pbi_pemda: 'TIDAK',
      },
      {
        kode_desa: '62.11.01.2001',
        desil_nasional: 3,
        desil_provinsi: null,
        pbi_nas: 'TIDAK',
        pbi_pemda: 'TIDAK',
      },
    ]);
    // The emptied subfolder is removed with its files; the feed folder stays.
    expect(await readdir(path.join(inboxDir, 'dtsen'))).toEqual([]);
  });

  it('a later member file finds its families in the lake; it replaces only its slice', async () => {
    const { dataDir, inboxDir } = await setup();
    await writeFile(
      path.join(inboxDir, 'dtsen', '2024-07', 'keluarga.csv'),
      FAMILY + '"6211010101100002"|"6211012001"|"3"|""|""\n',
    );
    await writeFile(
      path.join(inboxDir, 'dtsen', 'anggota_202407.csv'),
      MEMBER + '"6203011203850001"|"6203019999999999"|"X"|"12/03/1985"|"L"|"KEPALA KELUARGA"\n',
    );
    expect((await run(inboxDir, dataDir)).feeds.dtsen?.anggota_tanpa_keluarga).toBe(1);
    await writeFile(
      path.join(inboxDir, 'dtsen', 'anggota_202407_6211.csv'),
      MEMBER + '"6211015507880002"|"6211010101100002"|"SITI"|"15/07/1988"|"P"|"ISTRI"\n',
    );
    const second = await run(inboxDir, dataDir);
    expect(second.feeds.dtsen?.anggota_tanpa_keluarga).toBe(0);
    expect(await lakeFolders(dataDir, 'dtsen_anggota')).toEqual([
      'periode=2024-07/kab=62.03/data.parquet',
      'periode=2024-07/kab=62.11/data.parquet',
    ]);
  });

  it('a file with no periode column and none in its path is rejected whole; a path periode after the as-of month rejects every row', async () => {
    const { dataDir, inboxDir } = await setup();
    await writeFile(
      path.join(inboxDir, 'dtsen', 'keluarga_v3.csv'),
      FAMILY + '"6203010101100001"|"6203011010"|"2"|""|""\n',
    );
    await writeFile(
      path.join(inboxDir, 'dtsen', 'keluarga_202409.csv'),
      FAMILY +
        '"6203010101100001"|"6203011010"|"2"|""|""\n"6203010101100005"|"6203011010"|"4"|""|""\n',
    );
    const summary = await run(inboxDir, dataDir);
    expect(summary.feeds.dtsen?.rejects).toEqual({ KOLOM_TIDAK_ADA: 1, TANGGAL_TIDAK_VALID: 2 });
    expect(summary.feeds.dtsen?.rows_loaded).toBe(0);
    const rejects = await query(
      path.join(dataDir, 'warehouse.duckdb'),
      `SELECT file, line, column_name, reason, value FROM etl_rejects ORDER BY file, line`,
    );
    expect(rejects[0]).toEqual({
      file: 'keluarga_202409.csv',
      line: 2,
      column_name: 'periode',
      reason: 'TANGGAL_TIDAK_VALID',
      value: '2024-09',
    });
    expect(rejects[2]).toMatchObject({
      file: 'keluarga_v3.csv',
      line: 0,
      reason: 'KOLOM_TIDAK_ADA',
    });
    expect(String(rejects[2].value)).toMatch(/periode/);
  });

  it("reads SIKS-NG's legacy DTKS headers and a Latin-1 pipe file", async () => {
    const { dataDir, inboxDir } = await setup();
    const header =
      'IDDTKS|Nokk|NIK ART|Nama|kode_wilayah|Tgl_Lahir|Jenis_Kelamin|Hub_Keluarga|Desil|Alamat\n';
    const row =
      'DTKS01|6203010101100001|6203011203850001|ANDR\xc9 S\xdaSANTO|6203011010|12/03/1985|L|KEPALA KELUARGA|2|Jl. Cempak\xe1\n';
    await writeFile(
      path.join(inboxDir, 'dtks', 'DTKS_Kapuas_2024-06.csv'),
      Buffer.from(header + row, 'latin1'),
    );
    const summary = await run(inboxDir, dataDir);
    expect(summary.feeds.dtks).toMatchObject({ rows_loaded: 1, rows_rejected: 0 });
    const stored = await query(
      ':memory:',
      `SELECT strftime(periode, '%Y-%m') AS periode, id_dtks, kode_desa, hubungan_keluarga, desil
       FROM read_parquet('${dataDir}/lake/dtks/**/*.parquet', hive_partitioning = false)`,
    );
    expect(stored).toEqual([
      {
        periode: '2024-06',
        id_dtks: 'DTKS01',
        kode_desa: '62.03.01.1010',
        hubungan_keluarga: 'KEPALA_KELUARGA',
        desil: 2,
      },
    ]);
  });

  it('resolves areas given by name within the served region; an unknown or empty name is rejected', async () => {
    const { dataDir, inboxDir } = await setup();
    const header =
      'IDDTKS;Nokk;NIK;Nama;Kecamatan;Desa_Kelurahan;Tgl_Lahir;Jenis_Kelamin;Hub_Keluarga;Desil\n';
    const rows = [
      // Prefixes, case and punctuation do not matter.
      'D1;6203010101100001;6203011203850001;A;Kec. Selat;DESA SELAT DALAM;12/03/1985;L;KEPALA KELUARGA;2',
      'D2;6203010101100001;6203015507880002;B;SELAT;Pulau-Telo;15/07/1988;P;ISTRI;2',
      // Selat Dalam is in Selat, not in Pulau Petak: no match there.
      'D3;6203010101100002;6203010201150003;C;Pulau Petak;Selat Dalam;02/01/2015;L;KEPALA KELUARGA;3',
      'D4;6203010101100003;6203010201150004;D;Selat;;02/01/2015;L;KEPALA KELUARGA;3',
    ];
    await writeFile(
      path.join(inboxDir, 'dtks', 'siks-ng_2024-06.csv'),
      header + rows.join('\n') + '\n',
    );
    const summary = await run(inboxDir, dataDir);
    expect(summary.feeds.dtks).toMatchObject({
      rows_loaded: 2,
      rejects: { KODE_WILAYAH_TIDAK_DIKENAL: 1, KOLOM_WAJIB_KOSONG: 1 },
    });
    const stored = await query(
      ':memory:',
      `SELECT id_dtks, kode_desa FROM read_parquet('${dataDir}/lake/dtks/**/*.parquet',
         hive_partitioning = false) ORDER BY id_dtks`,
    );
    expect(stored).toEqual([
      { id_dtks: 'D1', kode_desa: '62.03.01.1010' },
      { id_dtks: 'D2', kode_desa: '62.03.01.2011' },
    ]);
    const rejects = await query(
      path.join(dataDir, 'warehouse.duckdb'),
      `SELECT line, column_name, reason FROM etl_rejects ORDER BY line`,
    );
    expect(rejects).toEqual([
      { line: 4, column_name: 'kode_desa', reason: 'KODE_WILAYAH_TIDAK_DIKENAL' },
      { line: 5, column_name: 'kode_desa', reason: 'KOLOM_WAJIB_KOSONG' },
    ]);
  });
});

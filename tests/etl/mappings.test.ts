/**
 * "Fix it in place" (etl/mappings.ts): an admin's column map, value map and area aliases make a
 * file load that did not, the dry run lists what they could fix before, bad maps are refused and
 * every version is kept; files in `gabung/` merge into the stored slice instead of replacing it.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedSpec, isMergePath, mapHeader, periodeFromPath } from '../../etl/feeds.js';
import {
  MappingError,
  mappingHistory,
  readMappings,
  saveMappings,
  type MappingChange,
} from '../../etl/mappings.js';
import { previewFile } from '../../etl/preview.js';
import { runEtl } from '../../etl/run.js';
import { query } from '../support/duckdb.js';
import { SAMPLE_AS_OF, TEST_KEY } from '../support/sample-data.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs('etl-mappings-');
const REGION = '62.03';

async function setup() {
  const root = await tempDir();
  const dataDir = path.join(root, 'data');
  const inboxDir = path.join(root, 'inbox');
  await mkdir(path.join(inboxDir, 'bpjs_kesehatan', 'gabung'), { recursive: true });
  await mkdir(dataDir, { recursive: true });
  return { dataDir, inboxDir };
}

const run = (inboxDir: string, dataDir: string) =>
  runEtl({
    inboxDir,
    dataDir,
    asOf: SAMPLE_AS_OF,
    regionCode: REGION,
    pseudonymKey: TEST_KEY,
    settleSeconds: 0,
    publishGuardDrop: 0,
  });

/** Writes an inbox file of bpjs_kesehatan; returns its path. */
async function bpjsFile(inboxDir: string, name: string, text: string): Promise<string> {
  const file = path.join(inboxDir, 'bpjs_kesehatan', name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

const preview = (dataDir: string, file: string, name: string) =>
  previewFile({
    file,
    name,
    feed: 'bpjs_kesehatan',
    dataDir,
    regionCode: REGION,
    asOf: SAMPLE_AS_OF,
    pseudonymKey: TEST_KEY,
  });

/** The lake's BPJS rows per segmen (and kode_desa), as the warehouse reads them. */
const lakeRows = (dataDir: string, column = 'segmen') =>
  query(
    ':memory:',
    `SELECT ${column} AS v, count(*)::INTEGER AS n
     FROM read_parquet('${dataDir}/lake/bpjs_kesehatan/**/*.parquet', hive_partitioning = false)
     GROUP BY ALL ORDER BY ALL`,
  );

const save = (dataDir: string, change: MappingChange, note: string | null = null) =>
  saveMappings(dataDir, change, 'admin', note, REGION);

describe('column map', () => {
  it('mapHeader: a mapped header wins over a synonym; the contract name still wins', () => {
    const dtks = feedSpec('dtks');
    const header = ['NIK ART', 'NO INDUK'];
    expect(mapHeader(dtks, header).get('nik')).toBe(0);
    expect(mapHeader(dtks, header, { nik: 'no. induk' }).get('nik')).toBe(1);
    expect(mapHeader(dtks, ['no induk', 'NIK'], { nik: 'NO INDUK' }).get('nik')).toBe(1);
    // A header the map gives to a column is no synonym of another.
    expect([...mapHeader(dtks, ['NIK ART'], { no_kk: 'NIK ART' })]).toEqual([['no_kk', 0]]);
  });

  it('a file with an unknown header is refused, names the missing column, and loads after a map', async () => {
    const { dataDir, inboxDir } = await setup();
    const name = 'peserta_2024-06.csv';
    const file = await bpjsFile(
      inboxDir,
      name,
      'periode,NO INDUK KEPENDUDUKAN,kode_desa,segmen,status\n' +
        '2024-06,6203011203850010,62.03.01.1010,PBI_APBN,AKTIF\n' +
        '2024-06,6203011203850011,62.03.01.1010,PPU,NONAKTIF\n',
    );
    const before = await preview(dataDir, file, name);
    expect(before.file_error?.reason).toBe('KOLOM_TIDAK_ADA');
    expect(before.missing_columns).toEqual(['nik']);
    expect(before.mappings_version).toBe(0);
    expect(before.columns.map((c) => [c.header, c.column])).toEqual([
      ['periode', 'periode'],
      ['NO INDUK KEPENDUDUKAN', null],
      ['kode_desa', 'kode_desa'],
      ['segmen', 'segmen'],
      ['status', 'status'],
    ]);

    const saved = await save(
      dataDir,
      { columns: [{ feed: 'bpjs_kesehatan', column: 'nik', header: 'No Induk Kependudukan' }] },
      'ekspor cabang',
    );
    expect(saved).toMatchObject({
      version: 1,
      changed_by: 'admin',
      note: 'ekspor cabang',
      columns: { bpjs_kesehatan: { nik: 'No Induk Kependudukan' } },
    });
    const after = await preview(dataDir, file, name);
    expect(after).toMatchObject({
      file_error: null,
      missing_columns: [],
      would_load: 2,
      mappings_version: 1,
    });
    expect(after.columns[1]).toEqual({
      header: 'NO INDUK KEPENDUDUKAN',
      column: 'nik',
      via: 'peta',
    });

    const summary = await run(inboxDir, dataDir);
    expect(summary.error ?? null).toBeNull();
    expect(summary.mappings_version).toBe(1);
    expect(summary.feeds.bpjs_kesehatan).toMatchObject({ rows_loaded: 2, rows_rejected: 0 });
    expect(await lakeRows(dataDir)).toEqual([
      { v: 'PBI_APBN', n: 1 },
      { v: 'PPU', n: 1 },
    ]);
    // The summary on disk says which maps the run applied.
    const stored = JSON.parse(
      await readFile(path.join(dataDir, 'lake', '_runs', `${summary.run_id}.json`), 'utf8'),
    ) as { mappings_version?: number };
    expect(stored.mappings_version).toBe(1);
  });

  it('a run with no map saved records version 0', async () => {
    const { dataDir, inboxDir } = await setup();
    await bpjsFile(
      inboxDir,
      'peserta_2024-06.csv',
      'periode,nik,kode_desa,segmen,status\n2024-06,6203011203850010,62.03.01.1010,PPU,AKTIF\n',
    );
    const summary = await run(inboxDir, dataDir);
    expect(summary).toMatchObject({ status: 'SUCCESS', mappings_version: 0 });
  });
});

describe('value map', () => {
  it('an unknown enum value is listed (masked) before, and loads after a map', async () => {
    const { dataDir, inboxDir } = await setup();
    const name = 'peserta_2024-06.csv';
    const file = await bpjsFile(
      inboxDir,
      name,
      'periode,nik,kode_desa,segmen,status\n' +
        '2024-06,6203011203850010,62.03.01.1010,PBI DAERAH,AKTIF\n' +
        '2024-06,6203011203850011,62.03.01.1010,pbi-daerah,AKTIF\n' +
        // Mixed case: more likely a name than a code, so the dry run does not show it.
        '2024-06,6203011203850012,62.03.01.1010,Jamkesda,AKTIF\n' +
        '2024-06,6203011203850013,62.03.01.1010,PPU,AKTIF\n',
    );
    const before = await preview(dataDir, file, name);
    expect(before.would_load).toBe(1);
    expect(before.rejects.map((r) => [r.reason, r.count])).toEqual([['NILAI_TIDAK_DIKENAL', 3]]);
    // With the contract's values of the column: what the page offers to map a value to.
    const allowed = ['PBI_APBN', 'PBI_APBD', 'PPU', 'PBPU', 'BP'];
    expect(before.unknown_values).toEqual([
      { column: 'segmen', value: 'PBI DAERAH', count: 1, allowed },
      { column: 'segmen', value: '[teks 10 karakter]', count: 1, allowed },
      { column: 'segmen', value: '[teks 8 karakter]', count: 1, allowed },
    ]);

    await save(dataDir, {
      values: [
        // Compared as etl_enum_key: `PBI DAERAH` and `pbi-daerah` are one key.
        { feed: 'bpjs_kesehatan', column: 'segmen', raw: 'Pbi Daerah', value: 'PBI_APBD' },
        { feed: 'bpjs_kesehatan', column: 'segmen', raw: 'JAMKESDA', value: 'PBI_APBD' },
      ],
    });
    const after = await preview(dataDir, file, name);
    expect(after).toMatchObject({ would_load: 4, would_reject: 0, unknown_values: [] });

    const summary = await run(inboxDir, dataDir);
    expect(summary.feeds.bpjs_kesehatan).toMatchObject({ rows_loaded: 4, rows_rejected: 0 });
    expect(await lakeRows(dataDir)).toEqual([
      { v: 'PBI_APBD', n: 3 },
      { v: 'PPU', n: 1 },
    ]);
  });
});

describe('area aliases', () => {
  it('an unknown desa name is listed before, and loads after an alias', async () => {
    const { dataDir, inboxDir } = await setup();
    const name = 'peserta_2024-06.csv';
    const file = await bpjsFile(
      inboxDir,
      name,
      'periode,nik,Kecamatan,Desa,segmen,status\n' +
        '2024-06,6203011203850010,Selat,Selat Dalam,PPU,AKTIF\n' +
        '2024-06,6203011203850011,Selat,Slt. Dalem,PPU,AKTIF\n' +
        '2024-06,6203011203850012,SELAT,SLT DALEM,PPU,AKTIF\n' +
        '2024-06,6203011203850013,Selat,Desa Pulau Telo,PPU,AKTIF\n',
    );
    const before = await preview(dataDir, file, name);
    expect(before).toMatchObject({ by_name: true, would_load: 2 });
    expect(before.rejects.map((r) => [r.reason, r.count])).toEqual([
      ['KODE_WILAYAH_TIDAK_DIKENAL', 2],
    ]);
    expect(before.unknown_areas).toEqual([
      { kecamatan: 'SELAT', desa: 'SLT DALEM', count: 1 },
      { kecamatan: 'Selat', desa: 'Slt. Dalem', count: 1 },
    ]);

    const saved = await save(dataDir, {
      areas: [{ kecamatan: 'Selat', desa: 'Slt. Dalem', kode_desa: '6203011010' }],
    });
    expect(saved.areas).toEqual({ 'Selat|Slt. Dalem': '62.03.01.1010' });
    const after = await preview(dataDir, file, name);
    expect(after).toMatchObject({ would_load: 4, unknown_areas: [] });

    const summary = await run(inboxDir, dataDir);
    expect(summary.feeds.bpjs_kesehatan).toMatchObject({ rows_loaded: 4, rows_rejected: 0 });
    expect(await lakeRows(dataDir, 'kode_desa')).toEqual([
      { v: '62.03.01.1010', n: 3 },
      { v: '62.03.01.2011', n: 1 },
    ]);
  });
});

describe('saving maps', () => {
  it('refuses a bad feed, column, value or kode_desa with what to fix, and writes nothing', async () => {
    const { dataDir } = await setup();
    const refused = async (change: MappingChange, message: RegExp) => {
      const error = await save(dataDir, change).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MappingError);
      expect((error as Error).message).toMatch(message);
    };
    await refused(
      { columns: [{ feed: 'bpjs' as 'pkh', column: 'nik', header: 'NO' }] },
      /feed "bpjs" tidak dikenal; pilih salah satu dari penduduk, dtks/,
    );
    await refused(
      { columns: [{ feed: 'bpjs_kesehatan', column: 'nomor', header: 'NO' }] },
      /kolom "nomor" tidak ada di feed bpjs_kesehatan; kolom kontraknya: periode, nik, kode_desa, segmen, status/,
    );
    await refused(
      { columns: [{ feed: 'bpjs_kesehatan', column: 'nik', header: 'Kode Desa' }] },
      /judul "Kode Desa" adalah nama kontrak kolom kode_desa/,
    );
    await refused(
      { values: [{ feed: 'bpjs_kesehatan', column: 'status', raw: 'HIDUP', value: 'HIDUP' }] },
      /nilai "HIDUP" bukan nilai kontrak kolom status; pilih salah satu dari AKTIF, NONAKTIF/,
    );
    await refused(
      { values: [{ feed: 'bpjs_kesehatan', column: 'nik', raw: 'X', value: 'Y' }] },
      /kolom "nik" bukan kolom pilihan \(enum\) feed bpjs_kesehatan; yang bisa dipetakan nilainya: segmen, status/,
    );
    // Pulang Pisau's desa, a kecamatan code, and no code at all.
    for (const kode_desa of ['62.11.01.2001', '62.03.01', 'SELAT'])
      await refused(
        { areas: [{ kecamatan: 'Selat', desa: 'X', kode_desa }] },
        /bukan kode desa\/kelurahan wilayah 62\.03/,
      );
    await refused({}, /Tidak ada perubahan peta/);
    expect(await mappingHistory(dataDir)).toEqual([]);
    expect((await readMappings(dataDir)).version).toBe(0);
    expect(existsSync(path.join(dataDir, 'peta'))).toBe(false);
  });

  it('keeps every version: history newest first, version 1 still on disk after version 2', async () => {
    const { dataDir } = await setup();
    await save(
      dataDir,
      { columns: [{ feed: 'bpjs_kesehatan', column: 'nik', header: 'NO INDUK' }] },
      'pertama',
    );
    const v1 = await readFile(path.join(dataDir, 'peta', '0001.json'), 'utf8');
    const v2 = await saveMappings(
      dataDir,
      {
        columns: [{ feed: 'bpjs_kesehatan', column: 'nik', header: null }],
        values: [{ feed: 'pkh', column: 'status_salur', raw: 'sudah salur', value: 'SALUR' }],
        areas: [{ kecamatan: 'Selat', desa: 'Slt Dalem', kode_desa: '62.03.01.1010' }],
      },
      'operator',
      'kedua',
      REGION,
    );
    expect(v2).toMatchObject({
      version: 2,
      changed_by: 'operator',
      note: 'kedua',
      columns: {},
      values: { pkh: { status_salur: { 'sudah salur': 'SALUR' } } },
      areas: { 'Selat|Slt Dalem': '62.03.01.1010' },
    });
    expect(await readMappings(dataDir)).toEqual(v2);
    expect(await readFile(path.join(dataDir, 'peta', '0001.json'), 'utf8')).toBe(v1);
    expect(JSON.parse(v1)).toMatchObject({
      version: 1,
      columns: { bpjs_kesehatan: { nik: 'NO INDUK' } },
    });
    const history = await mappingHistory(dataDir);
    expect(history.map((h) => [h.version, h.changed_by, h.note])).toEqual([
      [2, 'operator', 'kedua'],
      [1, 'admin', 'pertama'],
    ]);
    expect(history[0].changed_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // The same key in another spelling replaces the entry; null removes it.
    const v3 = await save(dataDir, {
      values: [{ feed: 'pkh', column: 'status_salur', raw: 'SUDAH-SALUR', value: 'GAGAL' }],
      areas: [{ kecamatan: 'KEC. SELAT', desa: 'slt. dalem', kode_desa: null }],
    });
    expect(v3).toMatchObject({
      version: 3,
      values: { pkh: { status_salur: { 'SUDAH-SALUR': 'GAGAL' } } },
      areas: {},
    });
  });
});

describe('saving maps at once', () => {
  it('two saves at the same time each get a version; neither overwrites the other', async () => {
    const { dataDir } = await setup();
    const [a, b] = await Promise.all([
      save(dataDir, { values: [{ feed: 'pkh', column: 'tahap', raw: 'I', value: '1' }] }),
      save(dataDir, { values: [{ feed: 'pkh', column: 'tahap', raw: 'II', value: '2' }] }),
    ]);
    expect([a.version, b.version].sort()).toEqual([1, 2]);
    expect((await readMappings(dataDir)).values).toEqual({ pkh: { tahap: { I: '1', II: '2' } } });
    expect((await mappingHistory(dataDir)).map((h) => h.version)).toEqual([2, 1]);
  });
});

describe('merging into the stored slice (gabung/)', () => {
  const HEADER = 'periode,nik,kode_desa,segmen,status\n';
  const row = (nik: string, segmen: string) =>
    `2024-06,62030112038500${nik},62.03.01.1010,${segmen},AKTIF\n`;

  it('periodeFromPath ignores the gabung folder; isMergePath looks at folders only', () => {
    expect(periodeFromPath('gabung/pbi-apbd_2026-06.csv')).toBe('2026-06');
    expect(periodeFromPath('gabung/2026-06/pbi-apbd.csv')).toBe('2026-06');
    expect(isMergePath('gabung/pbi-apbd_2026-06.csv')).toBe(true);
    expect(isMergePath('2026-06/Gabung/x.csv')).toBe(true);
    expect(isMergePath('gabung.csv')).toBe(false);
    expect(isMergePath('gabungan/x.csv')).toBe(false);
  });

  it('a second file of the periode in gabung/ keeps the stored rows, replaces same-key rows; without gabung the slice is replaced', async () => {
    const { dataDir, inboxDir } = await setup();
    // Run 1: the PBI APBN list of June (A, B, C).
    await bpjsFile(
      inboxDir,
      'pbi-apbn_2024-06.csv',
      HEADER + row('10', 'PBI_APBN') + row('11', 'PBI_APBN') + row('12', 'PBI_APBN'),
    );
    expect((await run(inboxDir, dataDir)).status).toBe('SUCCESS');

    // Run 2: the PBI APBD list of the same month, merged (C moved to APBD; D, E new). No periode
    // column: the folder below gabung/ names it.
    const name = 'gabung/2024-06/pbi-apbd.csv';
    const file = await bpjsFile(
      inboxDir,
      name,
      'nik,kode_desa,segmen,status\n' +
        ['12', '13', '14'].map((n) => `62030112038500${n},62.03.01.1010,PBI_APBD,AKTIF\n`).join(''),
    );
    const shown = await preview(dataDir, file, name);
    expect(shown.slices).toEqual([
      {
        slice: 'periode=2024-06/kab=62.03',
        rows: 3,
        stored_rows: 3,
        mode: 'gabung',
        kept_rows: 2,
      },
    ]);
    // Without the key of the stored pseudonyms the rows kept are not known.
    const keyless = await previewFile({
      file,
      name,
      feed: 'bpjs_kesehatan',
      dataDir,
      regionCode: REGION,
      asOf: SAMPLE_AS_OF,
    });
    expect(keyless.slices[0]).toMatchObject({ mode: 'gabung', kept_rows: null });
    // The same file chosen to replace.
    const replacing = await previewFile({
      file,
      name,
      feed: 'bpjs_kesehatan',
      dataDir,
      regionCode: REGION,
      asOf: SAMPLE_AS_OF,
      merge: false,
    });
    expect(replacing.slices).toEqual([
      { slice: 'periode=2024-06/kab=62.03', rows: 3, stored_rows: 3, mode: 'ganti' },
    ]);

    const merged = await run(inboxDir, dataDir);
    expect(merged.error ?? null).toBeNull();
    expect(merged.feeds.bpjs_kesehatan).toMatchObject({ rows_loaded: 3, rows_kept: 2 });
    expect(await lakeRows(dataDir)).toEqual([
      { v: 'PBI_APBD', n: 3 },
      { v: 'PBI_APBN', n: 2 },
    ]);
    expect(
      await query(
        ':memory:',
        `SELECT count(*)::INTEGER AS n, count(DISTINCT nik)::INTEGER AS people
         FROM read_parquet('${dataDir}/lake/bpjs_kesehatan/**/*.parquet', hive_partitioning = false)`,
      ),
    ).toEqual([{ n: 5, people: 5 }]);
    // The stored rows keep where they came from; the archive keeps the gabung folder.
    expect(
      await query(
        ':memory:',
        `SELECT _file, count(*)::INTEGER AS n FROM read_parquet('${dataDir}/lake/bpjs_kesehatan/**/*.parquet',
           hive_partitioning = false) GROUP BY ALL ORDER BY ALL`,
      ),
    ).toEqual([
      { _file: 'gabung/2024-06/pbi-apbd.csv', n: 3 },
      { _file: 'pbi-apbn_2024-06.csv', n: 2 },
    ]);
    expect(
      existsSync(
        path.join(
          dataDir,
          'archive',
          merged.run_id,
          'bpjs_kesehatan',
          'gabung',
          '2024-06',
          'pbi-apbd.csv',
        ),
      ),
    ).toBe(true);

    // Run 3: a file of the month outside gabung/ replaces the slice.
    await bpjsFile(inboxDir, 'ppu_2024-06.csv', HEADER + row('15', 'PPU'));
    const replaced = await run(inboxDir, dataDir);
    expect(replaced.status).toBe('SUCCESS');
    expect(replaced.feeds.bpjs_kesehatan?.rows_kept).toBeUndefined();
    expect(await lakeRows(dataDir)).toEqual([{ v: 'PPU', n: 1 }]);
  });
});

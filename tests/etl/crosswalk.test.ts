/**
 * BPS desa codes only through the admin's crosswalk (etl/crosswalk.ts; docs/registry.md, "Area by
 * BPS code"): the file's checks, loading it with the CLI, a run and a dry run with a
 * `KODE_DESA_BPS` column with and without a crosswalk. Region 62.03 (Kapuas): Selat Dalam
 * 62.03.01.1010, Pulau Telo 62.03.01.2011.
 *
 * The tiny crosswalk maps BPS 6203010001 → Selat Dalam and BPS 6203011010 → Pulau Telo: the latter
 * is spelled like Selat Dalam's undotted Kemendagri code, so a BPS code read as a Kemendagri code
 * would land in the wrong desa.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCrosswalk, installCrosswalk } from '../../etl/crosswalk.js';
import { detectFeed, previewFile } from '../../etl/preview.js';
import { runEtl } from '../../etl/run.js';
import { dataFolder } from '../../warehouse/data-folder.js';
import { query } from '../support/duckdb.js';
import { repoRoot, TEST_KEY } from '../support/sample-data.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs('etl-crosswalk-');

const CROSSWALK = 'kode_bps,kode_kemendagri\n6203010001,62.03.01.1010\n6203011010,6203012011\n';

describe('checking a crosswalk file', () => {
  it('accepts BPS desa codes with dotted or undotted Kemendagri codes of the region', () => {
    const { crosswalk, errors } = checkCrosswalk(CROSSWALK, '62.03');
    expect(errors).toEqual([]);
    expect([...crosswalk]).toEqual([
      ['6203010001', '62.03.01.1010'],
      ['6203011010', '62.03.01.2011'],
    ]);
  });

  it('lists every wrong line in Indonesian: shapes, other regions, unknown desa, duplicates', () => {
    const text = [
      'kode_bps;kode_kemendagri',
      '6203010;62.03.01.1010', // a kecamatan code of BPS (7 digits)
      '6203010002;62.03.01', // a kecamatan, not a desa
      '6203010003;62.01.01.1011', // a desa of Kotawaringin Barat, outside 62.03
      '6203010004;62.03.99.2002', // not in the wilayah reference
      '6203010005;62.03.01.1010',
      '6203010005;62.03.01.2011', // the same BPS code again
      '6203010006',
    ].join('\n');
    expect(checkCrosswalk(text, '62.03').errors).toEqual([
      'Baris 2: kode_bps "6203010" bukan kode desa BPS (10 angka tanpa titik).',
      'Baris 3: kode_kemendagri "62.03.01" bukan kode desa Kemendagri (mis. 62.03.01.2001).',
      'Baris 4: kode_kemendagri 62.01.01.1011 bukan desa/kelurahan wilayah 62.03 menurut daftar wilayah.',
      'Baris 5: kode_kemendagri 62.03.99.2002 bukan desa/kelurahan wilayah 62.03 menurut daftar wilayah.',
      'Baris 7: kode_bps 6203010005 sudah ada di baris 6; tulis sekali saja.',
      'Baris 8: harus 2 kolom (kode_bps, kode_kemendagri), ada 1.',
    ]);
    expect(checkCrosswalk('bps,kemendagri\n6203010001,62.03.01.1010\n', '62.03').errors).toEqual([
      'Baris judul harus "kode_bps,kode_kemendagri" (tertulis "bps,kemendagri").',
    ]);
    expect(checkCrosswalk('kode_bps,kode_kemendagri\n', '62.03').errors).toEqual([
      'Berkas tidak berisi baris padanan kode.',
    ]);
  });

  it('loads only a file without errors into the data folder', async () => {
    const root = await tempDir();
    const bad = path.join(root, 'bad.csv');
    await writeFile(bad, 'kode_bps,kode_kemendagri\n6203010001,62.01.01.1011\n');
    const refused = await installCrosswalk(bad, path.join(root, 'data'), '62.03');
    expect(refused.installed).toBeNull();
    await expect(readFile(dataFolder(path.join(root, 'data')).crosswalk)).rejects.toThrow();
    const good = path.join(root, 'good.csv');
    await writeFile(good, CROSSWALK);
    const loaded = await installCrosswalk(good, path.join(root, 'data'), '62.03');
    expect(loaded.installed).toBe(path.join(root, 'data', 'peta', 'bps-kemendagri.csv'));
    expect(await readFile(loaded.installed!, 'utf8')).toBe(
      'kode_bps,kode_kemendagri\n6203010001,62.03.01.1010\n6203011010,62.03.01.2011\n',
    );
  });

  it('`npm run etl -- --data DIR --crosswalk FILE` refuses with the reasons, or loads', async () => {
    const root = await tempDir();
    const cli = path.join(repoRoot, 'dist', 'etl', 'cli.js');
    const cli_ = (file: string) =>
      spawnSync(
        process.execPath,
        [cli, '--data', path.join(root, 'data'), '--crosswalk', file, '--region', '62.03'],
        { env: { ...process.env, PSEUDONYM_KEY: '' }, encoding: 'utf8' },
      );
    const bad = path.join(root, 'bad.csv');
    await writeFile(bad, 'kode_bps,kode_kemendagri\n6203010001,62.03.99.2002\n');
    const refused = cli_(bad);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('Crosswalk BPS–Kemendagri tidak dimuat');
    expect(refused.stderr).toContain('Baris 2: kode_kemendagri 62.03.99.2002 bukan desa/kelurahan');
    const good = path.join(root, 'good.csv');
    await writeFile(good, CROSSWALK);
    const loaded = cli_(good);
    expect(loaded.status).toBe(0);
    expect(loaded.stderr).toContain('Crosswalk BPS–Kemendagri dimuat: 2 kode desa');
  });
});

const HEADER = 'IDDTKS;Nokk;NIK;KODE_DESA_BPS;Tgl_Lahir;Jenis_Kelamin;Hub_Keluarga;Desil\n';
const ROWS = [
  'D1;6203010101100001;6203011203850001;6203010001;12/03/1985;L;KEPALA KELUARGA;2',
  'D2;6203010101100002;6203015507880002;6203011010;15/07/1988;P;KEPALA KELUARGA;2',
  // not in the crosswalk (and, undotted, no desa of the reference either)
  'D3;6203010101100003;6203010201150003;6203019999;02/01/2015;L;KEPALA KELUARGA;3',
];

async function setup() {
  const root = await tempDir();
  const dataDir = path.join(root, 'data');
  const inboxDir = path.join(root, 'inbox');
  await mkdir(path.join(inboxDir, 'dtks'), { recursive: true });
  const file = path.join(inboxDir, 'dtks', 'dtks_2024-06.csv');
  await writeFile(file, HEADER + ROWS.join('\n') + '\n');
  return { root, dataDir, inboxDir, file };
}

const run = (inboxDir: string, dataDir: string) =>
  runEtl({
    inboxDir,
    dataDir,
    asOf: '2024-07-20',
    regionCode: '62.03',
    pseudonymKey: TEST_KEY,
    settleSeconds: 0,
    publishGuardDrop: 0,
  });

const rejectsOf = (dataDir: string) =>
  query(
    path.join(dataDir, 'warehouse.duckdb'),
    `SELECT line, column_name, reason, value FROM etl_rejects ORDER BY line`,
  );

describe('a kode_desa_bps column in a run', () => {
  it('without a crosswalk every row is rejected, saying the crosswalk is missing', async () => {
    const { dataDir, inboxDir } = await setup();
    const summary = await run(inboxDir, dataDir);
    expect(summary.feeds.dtks).toMatchObject({
      rows_loaded: 0,
      rejects: { KODE_WILAYAH_TIDAK_DIKENAL: 3 },
    });
    // D2's 6203011010 is never read as Selat Dalam's undotted Kemendagri code
    expect(await rejectsOf(dataDir)).toEqual([
      {
        line: 2,
        column_name: 'kode_desa',
        reason: 'KODE_WILAYAH_TIDAK_DIKENAL',
        value: 'BPS 620301**** tanpa crosswalk',
      },
      {
        line: 3,
        column_name: 'kode_desa',
        reason: 'KODE_WILAYAH_TIDAK_DIKENAL',
        value: 'BPS 620301**** tanpa crosswalk',
      },
      {
        line: 4,
        column_name: 'kode_desa',
        reason: 'KODE_WILAYAH_TIDAK_DIKENAL',
        value: 'BPS 620301**** tanpa crosswalk',
      },
    ]);
  });

  it('with the crosswalk the codes become Kemendagri codes; a code it lacks is rejected', async () => {
    const { root, dataDir, inboxDir } = await setup();
    await writeFile(path.join(root, 'cw.csv'), CROSSWALK);
    expect((await installCrosswalk(path.join(root, 'cw.csv'), dataDir, '62.03')).errors).toEqual(
      [],
    );
    const summary = await run(inboxDir, dataDir);
    expect(summary.feeds.dtks).toMatchObject({
      rows_loaded: 2,
      rejects: { KODE_WILAYAH_TIDAK_DIKENAL: 1 },
    });
    const stored = await query(
      ':memory:',
      `SELECT id_dtks, kode_desa FROM read_parquet('${dataDir}/lake/dtks/**/*.parquet',
         hive_partitioning = false) ORDER BY id_dtks`,
    );
    expect(stored).toEqual([
      { id_dtks: 'D1', kode_desa: '62.03.01.1010' },
      { id_dtks: 'D2', kode_desa: '62.03.01.2011' }, // Pulau Telo, not Selat Dalam
    ]);
    expect(await rejectsOf(dataDir)).toEqual([
      {
        line: 4,
        column_name: 'kode_desa',
        reason: 'KODE_WILAYAH_TIDAK_DIKENAL',
        value: 'BPS 620301**** tidak ada di crosswalk',
      },
    ]);
  });

  it('the dry run lists the BPS codes without a Kemendagri code, and whether a crosswalk is loaded', async () => {
    const { root, dataDir, file } = await setup();
    const options = {
      file,
      regionCode: '62.03',
      asOf: '2024-07-20',
      dataDir,
      feed: 'dtks' as const,
    };
    // the header tells the feed: a kode_desa_bps column stands in for kode_desa
    expect(await detectFeed(file, 'berkas_2024-06.csv')).toEqual({ feed: 'dtks', from: 'judul' });
    const without = await previewFile(options);
    expect(without).toMatchObject({ crosswalk: false, would_load: 0, would_reject: 3 });
    expect(without.unknown_bps).toEqual([{ kode_bps: '620301****', count: 3 }]);
    await writeFile(path.join(root, 'cw.csv'), CROSSWALK);
    await installCrosswalk(path.join(root, 'cw.csv'), dataDir, '62.03');
    const withCrosswalk = await previewFile(options);
    expect(withCrosswalk).toMatchObject({ crosswalk: true, would_load: 2, would_reject: 1 });
    expect(withCrosswalk.unknown_bps).toEqual([{ kode_bps: '620301****', count: 1 }]);
  });
});

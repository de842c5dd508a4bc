/**
 * The dry run ("Periksa", etl/preview.ts) is the run's own code: for every sample file its
 * rejects are exactly those the real run records, it loads nothing, it detects the feed from the
 * header, and it tells which stored slices a file would replace and how many rows they hold.
 */
import { execFile } from 'node:child_process';
import ExcelJS from 'exceljs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEED_NAMES, type FeedName } from '../../etl/feeds.js';
import { detectFeed, previewFile, type FilePreview } from '../../etl/preview.js';
import { query } from '../support/duckdb.js';
import { buildSampleData, repoRoot, SAMPLE_AS_OF, samplesInbox } from '../support/sample-data.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs('etl-preview-');

interface SampleFile {
  feed: FeedName;
  name: string;
  file: string;
}

async function sampleFiles(): Promise<SampleFile[]> {
  const out: SampleFile[] = [];
  for (const feed of FEED_NAMES) {
    const dir = path.join(samplesInbox, feed);
    for (const name of (await readdir(dir, { recursive: true })).sort())
      if (/\.(csv|txt|xlsx|parquet)$/.test(name))
        out.push({ feed, name: name.split(path.sep).join('/'), file: path.join(dir, name) });
  }
  return out;
}

const preview = (s: SampleFile, dataDir?: string, feed?: FeedName) =>
  previewFile({
    file: s.file,
    name: s.name,
    feed,
    dataDir,
    regionCode: '62.03',
    asOf: SAMPLE_AS_OF,
  });

describe('dry run of the sample inbox', () => {
  let files: SampleFile[];
  let runRejects: Record<string, unknown>[];
  let dataDir: string;

  beforeAll(async () => {
    files = await sampleFiles();
    ({ dataDir } = await buildSampleData(await tempDir()));
    runRejects = await query(
      path.join(dataDir, 'warehouse.duckdb'),
      `SELECT feed, file, line, column_name, reason, value FROM etl_rejects ORDER BY feed, file, line`,
    );
  });

  it("each file's rejects equal the real run's, row for row", async () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
    const fromPreview: Record<string, unknown>[] = [];
    let loaded = 0;
    for (const s of files) {
      const p: FilePreview = await preview(s, undefined, s.feed);
      loaded += p.would_load;
      for (const r of p.rejects)
        for (const e of r.examples)
          fromPreview.push({
            feed: s.feed,
            file: s.name,
            line: e.line,
            column_name: e.column,
            reason: r.reason,
            value: e.value,
          });
    }
    const order = (a: Record<string, unknown>, b: Record<string, unknown>) =>
      `${String(a.feed)}/${String(a.file)}/${String(a.line).padStart(6)}`.localeCompare(
        `${String(b.feed)}/${String(b.file)}/${String(b.line).padStart(6)}`,
      );
    expect(fromPreview.sort(order)).toEqual([...runRejects].sort(order));
    // 3 + 4 + 9 + 4 + 4 + 1 + 3 + 2 rows load in the real run (EXPECTED.md).
    expect(loaded).toBe(30);
  });

  it('detects the feed of every CSV/TXT sample from its header alone', async () => {
    for (const s of files.filter((f) => /\.(csv|txt)$/.test(f.name))) {
      // The file name without its words (no feed hint); a folder that names the periode stays.
      const folder = path.posix.dirname(s.name);
      const bare = path.posix.basename(s.name).replace(/[a-z]+/gi, 'x');
      const found = await detectFeed(s.file, folder === '.' ? bare : `${folder}/${bare}`);
      expect({ file: s.name, feed: found?.feed }).toEqual({ file: s.name, feed: s.feed });
    }
  });

  it('names the slices a file would replace with the rows stored there today', async () => {
    const dtks = files.find((f) => f.feed === 'dtks')!;
    const p = await preview(dtks, dataDir, 'dtks');
    expect(p.periodes).toEqual(['2024-06']);
    expect(p.slices).toEqual([
      { slice: 'periode=2024-06/kab=62.03', rows: 4, stored_rows: 4, mode: 'ganti' },
    ]);
    expect(p).toMatchObject({
      missing_columns: [],
      unknown_values: [],
      unknown_areas: [],
      mappings_version: 0,
    });
    expect(p.columns.find((c) => c.header === 'NAMA')).toEqual({
      header: 'NAMA',
      column: null,
      via: null,
    });
    const members = files.find((f) => f.name.startsWith('anggota'))!;
    const m = await preview(members, dataDir);
    expect(m).toMatchObject({
      feed: 'dtsen',
      feed_from: 'judul',
      kind: 'dtsen_anggota',
      delimiter: '|',
    });
    expect(m.columns.find((c) => c.header === 'nomor_induk_kependudukan')).toEqual({
      header: 'nomor_induk_kependudukan',
      column: 'nik',
      via: 'sinonim',
    });
  });

  it('names the sheet of a workbook it read (the first), not a second one', async () => {
    const root = await tempDir();
    const file = path.join(root, 'penduduk_2024.xlsx');
    const wb = new ExcelJS.Workbook();
    const first = wb.addWorksheet('Rekap Desa');
    first.addRow(['tahun', 'kode_desa', 'jumlah_penduduk', 'jumlah_kk']);
    first.addRow([2024, '62.03.01.1010', 1200, 350]);
    wb.addWorksheet('Catatan').addRow(['bukan data']);
    await wb.xlsx.writeFile(file);
    const p = await previewFile({ file, regionCode: '62.03', asOf: SAMPLE_AS_OF });
    expect(p).toMatchObject({ feed: 'penduduk', sheet: 'Rekap Desa', rows_read: 1, would_load: 1 });
    const csv = path.join(root, 'data.csv');
    await import('node:fs/promises').then((fs) => fs.writeFile(csv, 'a,b\n1,2\n'));
    expect((await previewFile({ file: csv, regionCode: '62.03', asOf: SAMPLE_AS_OF })).sheet).toBe(
      null,
    );
  });

  it('a file whose feed cannot be told is refused with what to do', async () => {
    const root = await tempDir();
    const file = path.join(root, 'data.csv');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, 'a,b,c\n1,2,3\n'));
    const p = await previewFile({ file, regionCode: '62.03', asOf: SAMPLE_AS_OF });
    expect(p.file_error?.reason).toBe('FEED_TIDAK_DIKENALI');
    expect(p.file_error?.message).toMatch(/pilih feed/);
  });

  it('`npm run etl -- --check` prints the same dry run and loads nothing', async () => {
    const cli = path.join(repoRoot, 'dist', 'etl', 'cli.js');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cli, '--check', samplesInbox, '--as-of', SAMPLE_AS_OF, '--json'],
      { env: { ...process.env, REGION_CODE: '62.03' } },
    ).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    const printed = JSON.parse(stdout) as FilePreview[];
    expect(printed.map((p) => [p.file, p.feed, p.would_load])).toContainEqual([
      '2024-07/keluarga_dtsen_v3_2024_6203.csv',
      'dtsen',
      3,
    ]);
    expect(printed.reduce((n, p) => n + p.would_reject, 0)).toBe(runRejects.length);
    // The inbox is untouched.
    expect((await readdir(path.join(samplesInbox, 'dtks'))).length).toBe(1);
  });
});

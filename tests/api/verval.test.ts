/**
 * `npm run daftar-verval` on the sample data (hand-checked: tests/fixtures/samples/EXPECTED.md),
 * while the API runs and holds app.duckdb: the workbook's rows re-identify exactly the expected
 * people and households from the archived raw exports, the file is mode 0600, and the use is in
 * `<data>/audit-offline.jsonl` (no name, no NIK) and then in GET /api/audit.
 */
import { readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs, runVerval } from '../../etl/verval.js';
import { catalogue } from '../../warehouse/catalogue.js';
import { dataFolder } from '../../warehouse/data-folder.js';
import { buildSampleData, TEST_KEY } from '../support/sample-data.js';
import { apiFetch, startApi, tempDir } from './support.js';

const SELAT_DALAM = '62.03.01.1010';
let root = '';
let dataDir = '';
let url = '';
let close: () => Promise<void>;

const gap = (list: string) => catalogue.find((e) => e.action_list === list)!.id;

async function sheetRows(file: string): Promise<Record<string, string>[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.getWorksheet('Daftar')!;
  const header = Array.from(sheet.getRow(1).values as unknown[], (v) => String(v ?? ''));
  const rows: Record<string, string>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = Array.from(row.values as unknown[]);
    rows.push(Object.fromEntries(header.map((h, i) => [h, String(values[i] ?? '')])));
  });
  return rows;
}

beforeAll(async () => {
  root = await tempDir('verval');
  const built = await buildSampleData(root);
  dataDir = built.dataDir;
  const started = await startApi(dataDir, built.inboxDir);
  url = started.url;
  close = () => started.app.close();
}, 120_000);

afterAll(async () => {
  await close?.();
  await rm(root, { recursive: true, force: true });
});

describe('npm run daftar-verval', () => {
  it('parses its options and refuses what is missing', () => {
    expect(() => parseArgs(['--data', 'x'])).toThrow(/--desa wajib/);
    expect(
      parseArgs(['--data=d', '--desa', 'k', '--daftar', 'i', '--tujuan', 't t', '--out', 'o']),
    ).toEqual({ data: 'd', desa: 'k', daftar: 'i', tujuan: 't t', out: 'o' });
  });

  it('re-identifies exactly the people of each list, in a 0600 workbook', async () => {
    const cases = [
      // RAFI: in the PBI band (desil 2), no BPJS Kesehatan row
      { list: 'sasaran_tanpa_jkn', nik: ['6203010201150003'], nama: ['RAFI'] },
      // an active PBI_APBD member not in the 2024-06 DTKS; the BPJS export has no name column,
      // the DTSEN 2024-07 member file names her (SRI)
      { list: 'pbi_luar_sasaran', nik: ['6203017011700009'], nama: ['SRI'] },
      // AHMAD's household: desil 2, a child, PKH 2024 BELUM_SALUR; the head named
      {
        list: 'layak_pkh_belum_menerima',
        nik: ['6203011203850001'],
        nama: ['AHMAD S'],
        no_kk: ['6203010101100001'],
      },
    ];
    for (const c of cases) {
      const out = path.join(root, `${c.list}.xlsx`);
      const result = await runVerval({
        data: dataDir,
        desa: SELAT_DALAM,
        daftar: gap(c.list),
        tujuan: 'Musdes verval Desa Selat Dalam (uji)',
        out,
        key: TEST_KEY,
      });
      expect(result.rows, c.list).toBe(c.nik.length);
      expect(result.found).toBe(c.nik.length);
      const rows = await sheetRows(out);
      expect(rows.map((r) => r.NIK)).toEqual(c.nik);
      expect(rows.map((r) => r.Nama)).toEqual(c.nama);
      if (c.no_kk) expect(rows.map((r) => r['No KK'])).toEqual(c.no_kk);
      expect((await stat(out)).mode & 0o777).toBe(0o600);
      // the purpose and the date on the first sheet
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(out);
      const about = book.worksheets[0]!;
      expect(about.name).toBe('Keterangan');
      expect(about.getRow(1).values).toContain('Musdes verval Desa Selat Dalam (uji)');
    }
  });

  it('refuses an existing output file, a figure without a list, no key', async () => {
    const base = {
      data: dataDir,
      desa: SELAT_DALAM,
      daftar: gap('sasaran_tanpa_jkn'),
      tujuan: 'Musdes verval Desa Selat Dalam (uji)',
      key: TEST_KEY,
    };
    await expect(
      runVerval({ ...base, out: path.join(root, 'sasaran_tanpa_jkn.xlsx') }),
    ).rejects.toThrow(/sudah ada/);
    await expect(
      runVerval({ ...base, daftar: 'registri_individu', out: path.join(root, 'x.xlsx') }),
    ).rejects.toThrow(/--daftar harus salah satu/);
    const saved = process.env.PSEUDONYM_KEY;
    delete process.env.PSEUDONYM_KEY;
    try {
      await expect(
        runVerval({
          ...base,
          key: undefined,
          data: path.join(root, 'kosong'),
          out: path.join(root, 'y.xlsx'),
        }),
      ).rejects.toThrow(/Kunci pseudonim tidak ada/);
    } finally {
      if (saved !== undefined) process.env.PSEUDONYM_KEY = saved;
    }
  });

  it('records each use offline (0600, no name or NIK), shown by GET /api/audit', async () => {
    const file = dataFolder(dataDir).auditOffline;
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            action: string;
            actor: string;
            target: string;
            detail: Record<string, unknown>;
          },
      );
    expect(lines).toHaveLength(3);
    expect(text).not.toMatch(/\d{16}/);
    expect(text).not.toMatch(/RAFI|AHMAD|SRI/);
    for (const l of lines) {
      expect(l).toMatchObject({ action: 'DAFTAR_VERVAL', actor: os.userInfo().username });
      expect(l.detail).toMatchObject({ area: SELAT_DALAM, rows: 1 });
    }
    const log = (await (await apiFetch(`${url}/api/audit?limit=50`)).json()) as {
      rows: { action: string; target: string; detail: string }[];
    };
    const verval = log.rows.filter((r) => r.action === 'DAFTAR_VERVAL');
    expect(verval.map((r) => r.target).sort()).toEqual(lines.map((l) => l.target).sort());
    const detail = JSON.parse(verval[0]!.detail) as Record<string, unknown>;
    expect(detail).toMatchObject({ area: SELAT_DALAM, rows: 1 });
    expect(String(detail.out)).toMatch(/\.xlsx$/);
    // read again: imported once
    const again = (await (await apiFetch(`${url}/api/audit?limit=50`)).json()) as {
      rows: { action: string }[];
    };
    expect(again.rows.filter((r) => r.action === 'DAFTAR_VERVAL')).toHaveLength(3);
  });
});

/**
 * The demo inbox, read back the way an office export would be: DuckDB read_csv with its own
 * delimiter sniffing, exceljs for the xlsx. Expected figures come from the issue (425,000 people,
 * ~40% in DTKS), not from the generator's own output.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wilayahCsv } from '../../warehouse/wilayah.js';
import { generateDemoInbox, type DemoResult } from './generate.js';

const SCALE = 0.2;
const END = '2026-06';
type Row = Record<string, string>;

let dirA: string;
let dirB: string;
let dirC: string;
let result: DemoResult;
let db: DuckDBInstance;
let con: DuckDBConnection;
let villages: Set<string>;

beforeAll(async () => {
  dirA = await mkdtemp(path.join(tmpdir(), 'demo-a-'));
  dirB = await mkdtemp(path.join(tmpdir(), 'demo-b-'));
  dirC = await mkdtemp(path.join(tmpdir(), 'demo-c-'));
  result = await generateDemoInbox({ out: dirA, seed: 7, scale: SCALE, end: END });
  await generateDemoInbox({ out: dirB, seed: 7, scale: SCALE, end: END });
  await generateDemoInbox({ out: dirC, seed: 8, scale: 0.02, end: END });
  db = await DuckDBInstance.create(':memory:');
  con = await db.connect();
  const codes = await con.runAndReadAll(
    `SELECT code FROM read_csv('${wilayahCsv.villages}', all_varchar = true)`,
  );
  villages = new Set(codes.getRowObjectsJS().map((r) => String(r.code)));
});

afterAll(async () => {
  con?.closeSync();
  db?.closeSync();
  for (const d of [dirA, dirB, dirC]) if (d) await rm(d, { recursive: true, force: true });
});

/** Header as the contract matches it: case-insensitive, space / `-` / `_` equivalent. */
const norm = (h: string): string =>
  h
    .trim()
    .toLowerCase()
    .replace(/^\ufeff/, '')
    .replace(/[\s-]+/g, '_');

/** Every row of every CSV/TXT file of a feed, keys normalised, in file-name then line order. */
const feedCache = new Map<string, Promise<Row[]>>();
function readFeed(dir: string, feed: string): Promise<Row[]> {
  const key = `${dir}/${feed}`;
  if (!feedCache.has(key)) feedCache.set(key, readFeedFiles(dir, feed));
  return feedCache.get(key) as Promise<Row[]>;
}

async function readFeedFiles(dir: string, feed: string): Promise<Row[]> {
  const files = (await readdir(path.join(dir, feed))).filter((f) => /\.(csv|txt)$/.test(f)).sort();
  const out: Row[] = [];
  for (const f of files) {
    const reader = await con.runAndReadAll(
      `SELECT * FROM read_csv('${path.join(dir, feed, f)}', all_varchar = true, header = true)`,
    );
    for (const r of reader.getRowObjectsJS()) {
      const row: Row = { _file: f };
      for (const [k, v] of Object.entries(r)) row[norm(k)] = v === null ? '' : String(v);
      out.push(row);
    }
  }
  return out;
}

const dotted = (code: string): string =>
  /^\d{10}$/.test(code)
    ? `${code.slice(0, 2)}.${code.slice(2, 4)}.${code.slice(4, 6)}.${code.slice(6)}`
    : code;
const digits = (v: string): number => Number(v.replace(/^Rp\s*/, '').replace(/[.,]/g, ''));
const isNik = (v: string): boolean => /^\d{16}$/.test(v.replace(/[ .']/g, ''));

function validDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) ?? /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(v);
  if (!m) return false;
  const [y, mo, d] =
    v.includes('/') || /^\d{1,2}-/.test(v) ? [m[3], m[2], m[1]] : [m[1], m[2], m[3]];
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return date.getUTCDate() === Number(d) && date.getUTCMonth() === Number(mo) - 1;
}

/** [year, month, day] of a `YYYY-MM-DD` or `DD/MM/YYYY` date. */
function ymdOf(v: string): [number, number, number] {
  const parts = v.split(/[/-]/).map(Number);
  return (v.includes('/') ? [parts[2], parts[1], parts[0]] : parts) as [number, number, number];
}

const enumOf = (v: string): string =>
  v
    .trim()
    .toUpperCase()
    .replace(/[\s/-]+/g, '_');

interface FeedRule {
  required: string[];
  niks: string[];
  dates: string[];
  enums: Record<string, string[]>;
  key?: string[];
  closedNeedsDate?: boolean;
}

const RULES: Record<string, FeedRule> = {
  penduduk: {
    required: ['kode_desa', 'tahun', 'jumlah_penduduk'],
    niks: [],
    dates: [],
    enums: {},
    key: ['kode_desa', 'tahun'],
  },
  dtks: {
    required: [
      'periode',
      'id_dtks',
      'nik',
      'no_kk',
      'kode_desa',
      'tanggal_lahir',
      'jenis_kelamin',
      'hubungan_keluarga',
    ],
    niks: ['nik', 'no_kk'],
    dates: ['tanggal_lahir', 'tanggal_verifikasi'],
    enums: {
      jenis_kelamin: ['L', 'P', 'LAKI_LAKI', 'PEREMPUAN'],
      hubungan_keluarga: [
        'KEPALA_KELUARGA',
        'ISTRI_SUAMI',
        'ISTRI',
        'SUAMI',
        'ANAK',
        'MENANTU',
        'CUCU',
        'ORANG_TUA',
        'FAMILI_LAIN',
        'LAINNYA',
      ],
      desil: ['', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
    },
    key: ['periode', 'nik'],
  },
  bpjs_kesehatan: {
    required: ['periode', 'nik', 'kode_desa', 'segmen', 'status'],
    niks: ['nik'],
    dates: [],
    enums: { segmen: ['PBI_APBN', 'PBI_APBD', 'PPU', 'PBPU', 'BP'], status: ['AKTIF', 'NONAKTIF'] },
    key: ['periode', 'nik'],
  },
  bpjs_ketenagakerjaan: {
    required: ['periode', 'nik', 'kode_desa', 'kategori', 'status'],
    niks: ['nik'],
    dates: [],
    enums: { kategori: ['PU', 'BPU', 'JAKON', 'PMI'], status: ['AKTIF', 'NONAKTIF'] },
    key: ['periode', 'nik'],
  },
  pkh: {
    required: ['tahun', 'tahap', 'no_kk', 'kode_desa', 'status_salur'],
    niks: ['no_kk'],
    dates: [],
    enums: { tahap: ['1', '2', '3', '4'], status_salur: ['SALUR', 'BELUM_SALUR', 'GAGAL'] },
    key: ['tahun', 'tahap', 'no_kk'],
  },
  puskesos: {
    required: ['kode_desa', 'nama_puskesos', 'status'],
    niks: [],
    dates: ['tanggal_sk'],
    enums: { status: ['AKTIF', 'TIDAK_AKTIF'] },
    key: ['kode_desa'],
  },
  rujukan: {
    required: [
      'id_rujukan',
      'tanggal_keluhan',
      'nik',
      'kode_desa',
      'kategori',
      'kanal',
      'lembaga_tujuan',
      'status',
      'diperbarui_pada',
    ],
    niks: ['nik'],
    dates: ['tanggal_keluhan', 'tanggal_selesai'],
    enums: {
      lembaga_tujuan: [
        'DINSOS',
        'DINKES',
        'DISDIK',
        'DISDUKCAPIL',
        'BPJS_KESEHATAN',
        'BPJS_KETENAGAKERJAAN',
        'DISNAKER',
        'PERKIM',
        'BAZNAS',
        'PEMDES',
        'LAINNYA',
      ],
      status: ['DITERIMA', 'DIRUJUK', 'DITINDAKLANJUTI', 'SELESAI', 'DITOLAK'],
    },
    closedNeedsDate: true,
  },
};

/** The contract's reject reason for a row, or null; a simplified, independent re-implementation. */
function rejectReason(rule: FeedRule, row: Row, seen: Set<string>): string | null {
  if (rule.required.some((c) => (row[c] ?? '').trim() === '')) return 'KOLOM_WAJIB_KOSONG';
  if (rule.niks.some((c) => !isNik(row[c] ?? ''))) return 'NIK_TIDAK_VALID';
  if (!villages.has(dotted(row.kode_desa ?? ''))) return 'KODE_WILAYAH_TIDAK_DIKENAL';
  if (rule.dates.some((c) => (row[c] ?? '') !== '' && !validDate(row[c] ?? '')))
    return 'TANGGAL_TIDAK_VALID';
  if (
    rule.closedNeedsDate &&
    ['SELESAI', 'DITOLAK'].includes(enumOf(row.status ?? '')) &&
    !row.tanggal_selesai
  )
    return 'TANGGAL_TIDAK_VALID';
  if (row.periode && !/^(\d{4}-\d{2}|\d{6}|\d{2}\/\d{4})$/.test(row.periode))
    return 'TANGGAL_TIDAK_VALID';
  if (row.periode && /^\d{6}$/.test(row.periode) && Number(row.periode.slice(4)) > 12)
    return 'TANGGAL_TIDAK_VALID';
  for (const [c, allowed] of Object.entries(rule.enums))
    if (!allowed.includes(enumOf(row[c] ?? ''))) return 'NILAI_TIDAK_DIKENAL';
  if (rule.key) {
    const key = rule.key.map((c) => (c === 'kode_desa' ? dotted(row[c] ?? '') : row[c])).join('|');
    if (seen.has(key)) return 'DUPLIKAT';
    seen.add(key);
  }
  return null;
}

/** Rows a careful ETL would load, and the reject counts by reason. */
function validate(feed: string, rows: Row[]): { ok: Row[]; rejects: Record<string, number> } {
  const rule = RULES[feed] as FeedRule;
  const seen = new Set<string>();
  const ok: Row[] = [];
  const rejects: Record<string, number> = {};
  for (const row of rows) {
    const reason = rejectReason(rule, row, seen);
    if (reason) rejects[reason] = (rejects[reason] ?? 0) + 1;
    else ok.push(row);
  }
  return { ok, rejects };
}

const periodeKey = (p: string): string =>
  /^\d{6}$/.test(p)
    ? `${p.slice(0, 4)}-${p.slice(4)}`
    : /^\d{2}\/\d{4}$/.test(p)
      ? `${p.slice(3)}-${p.slice(0, 2)}`
      : p;
const kecOf = (code: string): string => dotted(code).slice(0, 8);
const UPRIVER = ['62.03.10', '62.03.12', '62.03.15'];

describe('demo inbox', () => {
  it('writes every feed in the inbox layout, with the promised formats', async () => {
    const list = async (feed: string): Promise<string[]> =>
      (await readdir(path.join(dirA, feed))).sort();
    expect(await list('penduduk')).toEqual([
      'penduduk_2024.csv',
      'penduduk_2025.csv',
      'penduduk_2026.csv',
    ]);
    const dtks = await list('dtks');
    expect(dtks.filter((f) => f.startsWith('dtks_2024-07_kec_'))).toHaveLength(17);
    expect(dtks.filter((f) => f.endsWith('.xlsx'))).toHaveLength(1);
    expect(dtks.filter((f) => f.startsWith('dtks_kapuas_'))).toEqual([
      'dtks_kapuas_2025-01.csv',
      'dtks_kapuas_2025-07.csv',
      'dtks_kapuas_2026-01.csv',
    ]);
    const jkn = await list('bpjs_kesehatan');
    expect(jkn).toHaveLength(4);
    expect(jkn.filter((f) => f.endsWith('.txt'))).toHaveLength(1);
    const txt = await readFile(
      path.join(dirA, 'bpjs_kesehatan', jkn.find((f) => f.endsWith('.txt')) ?? ''),
      'utf8',
    );
    expect(txt.split('\n')[0]).toContain('\t');
    expect(await list('bpjs_ketenagakerjaan')).toHaveLength(4);
    expect(await list('pkh')).toEqual(['pkh_2024.csv', 'pkh_2025.csv', 'pkh_2026.csv']);
    expect(await list('puskesos')).toHaveLength(1);
    const rujukan = await list('rujukan');
    expect(rujukan).toHaveLength(24);
    const heads = await Promise.all(
      rujukan.map((f) => readFile(path.join(dirA, 'rujukan', f), 'utf8')),
    );
    expect(heads.filter((t) => t.startsWith('id_rujukan;'))).toHaveLength(1);
    const oldest = await readFile(path.join(dirA, 'dtks', dtks[0] as string), 'utf8');
    expect(oldest.startsWith('\ufeffPERIODE;')).toBe(true);
    expect(result.files).toHaveLength(3 + 20 + 4 + 4 + 3 + 1 + 24);
    for (const [feed, n] of Object.entries(result.rows)) expect(n, feed).toBeGreaterThan(0);
  });

  it('same seed gives byte-identical files; another seed gives other people', async () => {
    const hashes = async (dir: string): Promise<Map<string, string>> => {
      const out = new Map<string, string>();
      for (const feed of await readdir(dir))
        for (const f of await readdir(path.join(dir, feed)))
          out.set(
            `${feed}/${f}`,
            createHash('sha256')
              .update(await readFile(path.join(dir, feed, f)))
              .digest('hex'),
          );
      return out;
    };
    const [a, b, c] = await Promise.all([hashes(dirA), hashes(dirB), hashes(dirC)]);
    expect(a.size).toBe(59);
    expect([...a.entries()]).toEqual([...b.entries()]);
    expect(c.get('puskesos/puskesos_register.csv')).not.toBe(
      a.get('puskesos/puskesos_register.csv'),
    );
  });

  it('penduduk sums to about 425,000 × scale each year', async () => {
    const { ok } = validate('penduduk', await readFeed(dirA, 'penduduk'));
    for (const year of ['2024', '2025', '2026']) {
      const rows = ok.filter((r) => r.tahun === year);
      expect(rows).toHaveLength(231);
      const sum = rows.reduce((s, r) => s + digits(r.jumlah_penduduk ?? ''), 0);
      expect(Math.abs(sum / (425_000 * SCALE) - 1)).toBeLessThan(0.02);
      const kk = rows.reduce((s, r) => s + digits(r.jumlah_kk ?? ''), 0);
      expect(sum / kk).toBeGreaterThan(3);
      expect(sum / kk).toBeLessThan(4.5);
    }
  });

  it('DTKS holds about 40% of residents, desil skewed low, stable NIKs across snapshots', async () => {
    const { ok } = validate('dtks', await readFeed(dirA, 'dtks'));
    const byPeriode = new Map<string, Row[]>();
    for (const r of ok) {
      const key = periodeKey(r.periode ?? '');
      const list = byPeriode.get(key) ?? [];
      list.push(r);
      byPeriode.set(key, list);
    }
    expect([...byPeriode.keys()].sort()).toEqual(['2024-07', '2025-01', '2025-07', '2026-01']);
    const latest = byPeriode.get('2026-01') ?? [];
    const oldest = byPeriode.get('2024-07') ?? [];
    const share = latest.length / (425_000 * SCALE);
    expect(share).toBeGreaterThan(0.37);
    expect(share).toBeLessThan(0.43);
    const desil = (d: number): number => latest.filter((r) => r.desil === String(d)).length;
    const known = latest.filter((r) => r.desil !== '').length;
    expect((desil(1) + desil(2) + desil(3) + desil(4)) / known).toBeGreaterThan(0.6);
    expect(desil(1)).toBeGreaterThan(desil(4));
    expect(desil(4)).toBeGreaterThan(desil(7));
    expect(desil(7)).toBeGreaterThan(desil(10));
    // Households move a little: most people stay, some leave, some arrive (births, new households).
    const before = new Set(oldest.map((r) => r.nik));
    const after = new Set(latest.map((r) => r.nik));
    const stayed = [...after].filter((n) => before.has(n)).length;
    expect(stayed / before.size).toBeGreaterThan(0.85);
    expect(stayed).toBeLessThan(before.size);
    expect(after.size - stayed).toBeGreaterThan(0);
    // Pregnancies, severe disability, elders and nama (which the ETL must drop) are all there.
    expect(latest.filter((r) => enumOf(r.hamil ?? '') === 'YA').length).toBeGreaterThan(0);
    expect(latest.filter((r) => r.disabilitas === 'BERAT').length).toBeGreaterThan(0);
    expect(latest.every((r) => (r.nama ?? '') !== '')).toBe(true);
    // NIK: region digits of the kecamatan, then the birth date (women +40 on the day).
    for (const r of latest.slice(0, 500)) {
      expect(r.nik?.slice(0, 6)).toBe(kecOf(r.kode_desa ?? '').replaceAll('.', ''));
      const [y, m, d] = ymdOf(r.tanggal_lahir ?? '');
      const day = d + (enumOf(r.jenis_kelamin ?? '').startsWith('P') ? 40 : 0);
      const pad = (n: number): string => String(n).padStart(2, '0');
      expect(r.nik?.slice(6, 12)).toBe(`${pad(day)}${pad(m)}${pad(y % 100)}`);
    }
    // Verification ages: upriver is staler than Selat.
    const stale = (kec: string[]): number => {
      const rows = latest.filter((r) => kec.includes(kecOf(r.kode_desa ?? '')));
      const limit = Date.UTC(2025, 0, 31);
      return (
        rows.filter((r) => {
          const [y, m, d] = ymdOf(r.tanggal_verifikasi ?? '');
          return Date.UTC(y, m - 1, d) < limit;
        }).length / rows.length
      );
    };
    expect(stale(UPRIVER)).toBeGreaterThan(stale(['62.03.01']) + 0.1);
  });

  it('the xlsx kecamatan file has date cells, some numeric NIKs, header after a blank row', async () => {
    const file = (await readdir(path.join(dirA, 'dtks'))).find((f) =>
      f.endsWith('.xlsx'),
    ) as string;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dirA, 'dtks', file));
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.getRow(1).cellCount).toBe(0);
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    expect(header).toContain('TANGGAL LAHIR');
    const lahir = header.indexOf('TANGGAL LAHIR') + 1;
    const nik = header.indexOf('NIK') + 1;
    let dates = 0;
    let numeric = 0;
    let exact = 0;
    for (let i = 3; i <= ws.rowCount; i++) {
      const row = ws.getRow(i);
      if (row.getCell(lahir).value instanceof Date) dates++;
      const v = row.getCell(nik).value;
      if (typeof v === 'number') {
        numeric++;
        if (Number.isSafeInteger(v) && String(v).length === 16) exact++;
      }
    }
    expect(dates).toBeGreaterThan((ws.rowCount - 2) * 0.95);
    expect(numeric).toBeGreaterThan(0);
    expect(exact).toBe(numeric);
  });

  it('BPJS Kesehatan: UHC 85–95%, PBI coverage of DTKS lower upriver, inclusion errors, neighbours', async () => {
    const dtks = validate('dtks', await readFeed(dirA, 'dtks')).ok.filter(
      (r) => periodeKey(r.periode ?? '') === '2026-01',
    );
    const jkn = validate('bpjs_kesehatan', await readFeed(dirA, 'bpjs_kesehatan')).ok.filter(
      (r) => periodeKey(r.periode ?? '') === '2026-01',
    );
    const aktif = jkn.filter((r) => r.status === 'AKTIF');
    const kapuas = aktif.filter((r) => dotted(r.kode_desa ?? '').startsWith('62.03.'));
    const uhc = kapuas.length / (425_000 * SCALE);
    expect(uhc).toBeGreaterThan(0.8);
    expect(uhc).toBeLessThan(0.97);
    const pbi = new Set(
      aktif.filter((r) => enumOf(r.segmen ?? '').startsWith('PBI')).map((r) => r.nik),
    );
    const coverage = (kec: string[]): number => {
      const people = dtks.filter((r) => kec.includes(kecOf(r.kode_desa ?? '')));
      return people.filter((r) => pbi.has(r.nik)).length / people.length;
    };
    expect(coverage(['62.03.01'])).toBeGreaterThan(coverage(UPRIVER) + 0.15);
    const inDtks = new Set(dtks.map((r) => r.nik));
    expect([...pbi].filter((n) => !inDtks.has(n)).length).toBeGreaterThan(0);
    expect(
      jkn.some(
        (r) =>
          !dotted(r.kode_desa ?? '').startsWith('62.03.') &&
          dotted(r.kode_desa ?? '').startsWith('62.'),
      ),
    ).toBe(true);
    expect(jkn.some((r) => r.status === 'NONAKTIF')).toBe(true);
  });

  it('BPJS Ketenagakerjaan covers 10–40% of vulnerable workers, less upriver', async () => {
    const dtks = validate('dtks', await readFeed(dirA, 'dtks')).ok.filter(
      (r) => periodeKey(r.periode ?? '') === '2026-01',
    );
    const tk = validate(
      'bpjs_ketenagakerjaan',
      await readFeed(dirA, 'bpjs_ketenagakerjaan'),
    ).ok.filter((r) => periodeKey(r.periode ?? '') === '2026-01' && r.status === 'AKTIF');
    const covered = new Set(tk.map((r) => r.nik));
    const informal = ['PETANI', 'NELAYAN', 'BURUH_HARIAN', 'PEDAGANG', 'PEKERJA_INFORMAL'];
    const rentan = (kec?: string[]): number => {
      const workers = dtks.filter((r) => {
        const age = 2026 - ymdOf(r.tanggal_lahir ?? '')[0];
        return (
          age >= 19 &&
          age <= 58 &&
          informal.includes(enumOf(r.pekerjaan ?? '')) &&
          (!kec || kec.includes(kecOf(r.kode_desa ?? '')))
        );
      });
      return workers.filter((r) => covered.has(r.nik)).length / workers.length;
    };
    expect(rentan()).toBeGreaterThan(0.1);
    expect(rentan()).toBeLessThan(0.4);
    expect(rentan(['62.03.01'])).toBeGreaterThan(rentan(UPRIVER) + 0.1);
  });

  it('PKH pays four tahap a year (up to the current quarter) to eligible households', async () => {
    const raw = await readFeed(dirA, 'pkh');
    const { ok } = validate('pkh', raw);
    const tahap = (year: string): string[] =>
      [...new Set(ok.filter((r) => r.tahun === year).map((r) => r.tahap ?? ''))].sort();
    expect(tahap('2025')).toEqual(['1', '2', '3', '4']);
    expect(tahap('2026')).toEqual(['1', '2']);
    const salur = ok.filter((r) => r.status_salur === 'SALUR').length / ok.length;
    expect(salur).toBeGreaterThan(0.8);
    expect(ok.some((r) => r.status_salur === 'GAGAL')).toBe(true);
    expect(raw.some((r) => (r.nominal ?? r.nominal_bantuan ?? '').startsWith('Rp '))).toBe(true);
  });

  it('Puskesos: the two real pilots are AKTIF, about a third of desa have one, the share grows', async () => {
    const { ok } = validate('puskesos', await readFeed(dirA, 'puskesos'));
    const byCode = new Map(ok.map((r) => [dotted(r.kode_desa ?? ''), r]));
    expect(byCode.get('62.03.01.1010')?.status).toBe('AKTIF');
    expect(byCode.get('62.03.06.2001')?.status).toBe('AKTIF');
    const aktif = ok.filter((r) => r.status === 'AKTIF');
    expect(aktif.length / 231).toBeGreaterThan(0.2);
    expect(aktif.length / 231).toBeLessThan(0.4);
    expect(ok.some((r) => enumOf(r.status ?? '') === 'TIDAK_AKTIF')).toBe(true);
    const recent = aktif.filter(
      (r) => (r.tanggal_sk ?? '').includes('2025') || (r.tanggal_sk ?? '').includes('2026'),
    );
    expect(recent.length).toBeGreaterThan(3);
  });

  it('rujukan: seasonality, agency handling times and a growing backlog upriver', async () => {
    const { ok } = validate('rujukan', await readFeed(dirA, 'rujukan'));
    const toDay = (v: string): number => {
      const [y, m, d] = ymdOf(v);
      return Date.UTC(y, m - 1, d) / 86_400_000;
    };
    const stamp = (v: string): number =>
      v.includes('T')
        ? Date.parse(v)
        : Date.parse(`${v.slice(6, 10)}-${v.slice(3, 5)}-${v.slice(0, 2)}T${v.slice(11)}:00+07:00`);
    const latest = new Map<string, Row>();
    for (const r of ok) {
      const prev = latest.get(r.id_rujukan ?? '');
      if (!prev || stamp(r.diperbarui_pada ?? '') >= stamp(prev.diperbarui_pada ?? ''))
        latest.set(r.id_rujukan ?? '', r);
    }
    const all = [...latest.values()];
    expect(all.length / 24).toBeGreaterThan(60 * SCALE);
    expect(all.length / 24).toBeLessThan(130 * SCALE);
    // Versions: some complaints appear in several monthly exports with a newer status.
    expect(ok.length).toBeGreaterThan(all.length * 1.3);
    const month = (r: Row): number =>
      new Date(toDay(r.tanggal_keluhan ?? '') * 86_400_000).getUTCMonth() + 1;
    const share = (rows: Row[], k: string): number =>
      rows.filter((r) => enumOf(r.kategori ?? '') === k).length / rows.length;
    const julAug = all.filter((r) => [7, 8].includes(month(r)));
    const other = all.filter((r) => ![7, 8].includes(month(r)));
    expect(share(julAug, 'PENDIDIKAN')).toBeGreaterThan(2 * share(other, 'PENDIDIKAN'));
    const median = (lembaga: string): number => {
      const days = all
        .filter((r) => r.lembaga_tujuan === lembaga && enumOf(r.status ?? '') === 'SELESAI')
        .map((r) => toDay(r.tanggal_selesai ?? '') - toDay(r.tanggal_keluhan ?? ''))
        .sort((a, b) => a - b);
      return days[Math.floor(days.length / 2)] ?? Number.NaN;
    };
    expect(median('DISDUKCAPIL')).toBeLessThan(median('BPJS_KESEHATAN'));
    expect(median('BPJS_KESEHATAN')).toBeLessThan(median('DINSOS'));
    expect(median('DINSOS')).toBeLessThan(median('PERKIM'));
    expect(all.some((r) => enumOf(r.status ?? '') === 'DITOLAK')).toBe(true);
    const backlog = (day: number): number =>
      all.filter((r) => {
        const start = toDay(r.tanggal_keluhan ?? '');
        const end = r.tanggal_selesai ? toDay(r.tanggal_selesai) : Infinity;
        return start <= day - 31 && end > day;
      }).length;
    const mid = Date.UTC(2025, 5, 30) / 86_400_000;
    const endDay = Date.UTC(2026, 5, 30) / 86_400_000;
    expect(backlog(endDay)).toBeGreaterThan(backlog(mid));
    const stuck = all.filter(
      (r) => r.lembaga_tujuan === 'PERKIM' && UPRIVER.includes(kecOf(r.kode_desa ?? '')),
    );
    expect(stuck.length).toBeGreaterThan(0);
    expect(stuck.some((r) => enumOf(r.status ?? '') === 'SELESAI')).toBe(false);
  });

  it('every feed carries a handful of rejectable rows, of several kinds', async () => {
    const kinds = new Set<string>();
    for (const feed of Object.keys(RULES)) {
      const rows = await readFeed(dirA, feed);
      const { rejects } = validate(feed, rows);
      const n = Object.values(rejects).reduce((a, b) => a + b, 0);
      expect(n, feed).toBeGreaterThan(0);
      if (rows.length > 10_000) {
        expect(n / rows.length, feed).toBeGreaterThan(0.001);
        expect(n / rows.length, feed).toBeLessThan(0.006);
      }
      Object.keys(rejects).forEach((k) => kinds.add(k));
    }
    expect([...kinds].sort()).toEqual([
      'DUPLIKAT',
      'KODE_WILAYAH_TIDAK_DIKENAL',
      'KOLOM_WAJIB_KOSONG',
      'NIK_TIDAK_VALID',
      'NILAI_TIDAK_DIKENAL',
      'TANGGAL_TIDAK_VALID',
    ]);
    const dtks = await readFeed(dirA, 'dtks');
    expect(dtks.some((r) => /^\d,\d+E\+15$/.test(r.nik ?? ''))).toBe(true);
    expect(dtks.some((r) => /^\d{15}$/.test(r.nik ?? ''))).toBe(true);
  });

  it('rejects bad options with a clear message', async () => {
    await expect(generateDemoInbox({ out: dirC, scale: 0 })).rejects.toThrow(/--scale/);
    await expect(generateDemoInbox({ out: dirC, end: '2026-13' })).rejects.toThrow(/YYYY-MM/);
    await expect(generateDemoInbox({ out: dirC, end: '2999-01' })).rejects.toThrow(/masa depan/);
    await expect(generateDemoInbox({ out: dirC, months: 0 })).rejects.toThrow(/--months/);
    await expect(generateDemoInbox({ out: dirC, seed: 1.5 })).rejects.toThrow(/--seed/);
  });
});

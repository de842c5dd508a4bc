/**
 * The demo inbox, read back the way an office export would be: DuckDB read_csv with its own
 * delimiter sniffing, exceljs for the xlsx. Expected figures come from the issue (425,000 people,
 * ~40% in DTKS), not from the generator's own output.
 */
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wilayahCsv } from '../../warehouse/wilayah.js';
import { runEtl } from '../run.js';
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
/** `KECAMATAN|DESA` (upper case, prefixes dropped) → desa codes of Kapuas, from the reference. */
let byName: Map<string, string[]>;

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
  const named = await con.runAndReadAll(
    `SELECT v.code, k.name AS kec, v.name AS desa
     FROM read_csv('${wilayahCsv.villages}', all_varchar = true) v
     JOIN read_csv('${wilayahCsv.districts}', all_varchar = true) k ON v.district_code = k.code
     WHERE k.code LIKE '62.03.%'`,
  );
  byName = new Map();
  for (const r of named.getRowObjectsJS()) {
    const key = `${areaName(String(r.kec))}|${areaName(String(r.desa))}`;
    byName.set(key, [...(byName.get(key) ?? []), String(r.code)]);
  }
});

/** A name as the by-name rule compares it: upper case, punctuation as space, no DESA/KEC prefix. */
const areaName = (v: string): string =>
  v
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
    .replace(/^(DESA|KELURAHAN|KEL|DS|KEC) (?=\S)/, '');

/** The desa code a legacy row names, or the names themselves when none or several match. */
function codeByName(kec: string, desa: string): string {
  const codes = byName.get(`${areaName(kec)}|${areaName(desa)}`) ?? [];
  return codes.length === 1 ? (codes[0] as string) : `${kec} / ${desa}`;
}

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

/** SIKS-NG's legacy header spellings (docs/registry.md), as the contract column. */
const SYNONYMS: Record<string, string> = {
  iddtks: 'id_dtks',
  nokk: 'no_kk',
  nik_art: 'nik',
  tgl_lahir: 'tanggal_lahir',
  hub_keluarga: 'hubungan_keluarga',
};

/**
 * Every row of every CSV/TXT file of a feed, keys normalised, in file-name then line order. A
 * legacy file's areas are resolved by name and its periode is taken from the file name.
 */
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
      for (const [k, v] of Object.entries(r))
        row[SYNONYMS[norm(k)] ?? norm(k)] = v === null ? '' : String(v);
      if (row.desa_kelurahan !== undefined && row.kode_desa === undefined)
        row.kode_desa = codeByName(row.kecamatan ?? '', row.desa_kelurahan);
      if (feed === 'dtks' && row.periode === undefined)
        row.periode = /\d{4}-\d{2}/.exec(f)?.[0] ?? '';
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
    // The last two snapshots of the window are DTSEN releases: DTKS stops after 2025-01.
    expect(dtks.filter((f) => f.startsWith('dtks_kapuas_'))).toEqual(['dtks_kapuas_2025-01.csv']);
    expect((await readdir(path.join(dirA, 'dtsen'), { recursive: true })).sort()).toEqual([
      '2025-07',
      '2025-07/anggota_keluarga_dtsen_v2_6203.csv',
      '2025-07/keluarga_dtsen_v2_6203.csv',
      'anggota_keluarga_dtsen_v3_202601_6203.csv',
      'keluarga_dtsen_v3_202601_6203.csv',
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
    // SIKS-NG's legacy export: its header spellings, areas by name, periode only in the file name.
    const oldest = await readFile(path.join(dirA, 'dtks', dtks[0] as string), 'utf8');
    expect(oldest.split('\r\n')[0]).toBe(
      '\ufeffIDDTKS;Nokk;NIK ART;Nama;Tgl_Lahir;Jenis_Kelamin;Hub_Keluarga;Kecamatan;' +
        'Desa_Kelurahan;Alamat;Desil;Disabilitas;Hamil;Pekerjaan;Tanggal_Verifikasi',
    );
    expect(result.files).toHaveLength(3 + 18 + 4 + 4 + 4 + 3 + 1 + 24);
    for (const [feed, n] of Object.entries(result.rows)) expect(n, feed).toBeGreaterThan(0);
  });

  it('same seed gives byte-identical files; another seed gives other people', async () => {
    const hashes = async (dir: string): Promise<Map<string, string>> => {
      const out = new Map<string, string>();
      for (const f of await readdir(dir, { recursive: true, withFileTypes: true }))
        if (f.isFile()) {
          const file = path.join(f.parentPath, f.name);
          out.set(
            path.relative(dir, file),
            createHash('sha256')
              .update(await readFile(file))
              .digest('hex'),
          );
        }
      return new Map([...out].sort(([x], [y]) => x.localeCompare(y)));
    };
    const [a, b, c] = await Promise.all([hashes(dirA), hashes(dirB), hashes(dirC)]);
    expect(a.size).toBe(61);
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
    expect([...byPeriode.keys()].sort()).toEqual(['2024-07', '2025-01']);
    const latest = byPeriode.get('2025-01') ?? [];
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
    expect(stayed / before.size).toBeGreaterThan(0.9);
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
      const limit = Date.UTC(2024, 0, 31);
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
      (r) => periodeKey(r.periode ?? '') === '2025-01',
    );
    const jkn = validate('bpjs_kesehatan', await readFeed(dirA, 'bpjs_kesehatan')).ok.filter(
      (r) => periodeKey(r.periode ?? '') === '2025-01',
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
      (r) => periodeKey(r.periode ?? '') === '2025-01',
    );
    const tk = validate(
      'bpjs_ketenagakerjaan',
      await readFeed(dirA, 'bpjs_ketenagakerjaan'),
    ).ok.filter((r) => periodeKey(r.periode ?? '') === '2025-01' && r.status === 'AKTIF');
    const covered = new Set(tk.map((r) => r.nik));
    const informal = ['PETANI', 'NELAYAN', 'BURUH_HARIAN', 'PEDAGANG', 'PEKERJA_INFORMAL'];
    const rentan = (kec?: string[]): number => {
      const workers = dtks.filter((r) => {
        const age = 2025 - ymdOf(r.tanggal_lahir ?? '')[0];
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

  it('the month in progress is partial: nothing after today', async () => {
    // The small inbox ends in "today's" month (2026-06-10): see the ETL test below.
    const dir = await smallInbox();
    const rows = await readFeed(dir, 'rujukan');
    const days = rows.map((r) => r.tanggal_keluhan ?? '').filter(validDate);
    const last = days.map((v) => ymdOf(v).join('-')).sort((a, b) => a.localeCompare(b));
    expect(days.length).toBeGreaterThan(0);
    const inJune = days.filter((v) => ymdOf(v)[0] === 2026 && ymdOf(v)[1] === 6);
    expect(inJune.length).toBeGreaterThan(0);
    expect(
      inJune.every((v) => ymdOf(v)[2] <= 10),
      last.at(-1),
    ).toBe(true);
    const dtsen = await readdir(path.join(dir, 'dtsen'));
    expect(dtsen).toContain('keluarga_dtsen_v3_202606_6203.csv');
  });

  it('rejects bad options with a clear message', async () => {
    await expect(generateDemoInbox({ out: dirC, scale: 0 })).rejects.toThrow(/--scale/);
    await expect(generateDemoInbox({ out: dirC, end: '2026-13' })).rejects.toThrow(/YYYY-MM/);
    await expect(generateDemoInbox({ out: dirC, end: '2999-01' })).rejects.toThrow(/masa depan/);
    await expect(generateDemoInbox({ out: dirC, months: 0 })).rejects.toThrow(/--months/);
    await expect(generateDemoInbox({ out: dirC, seed: 1.5 })).rejects.toThrow(/--seed/);
  });
});

// ---------------------------------------------------------------- DTSEN

interface DtsenFile {
  name: string;
  header: string[];
  rows: Row[];
  /** Physical line numbers of the lines that cannot be split into the header's fields. */
  broken: number[];
  latin1: boolean;
  lines: number;
}

/** Splits a line whose every field is quoted (no doubled quotes inside); null when it cannot. */
function quotedFields(line: string): string[] | null {
  if (!/^"[^"]*"(\|"[^"]*")*$/.test(line)) return null;
  return line.slice(1, -1).split('"|"');
}

/** The DTSEN files of an inbox, read line by line: UTF-8, else Latin-1 as a whole. */
async function readDtsen(dir: string): Promise<DtsenFile[]> {
  const names = (await readdir(path.join(dir, 'dtsen'), { recursive: true }))
    .filter((f) => f.endsWith('.csv'))
    .sort();
  const out: DtsenFile[] = [];
  for (const name of names) {
    const bytes = await readFile(path.join(dir, 'dtsen', name));
    let text: string;
    let latin1 = false;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = bytes.toString('latin1');
      latin1 = true;
    }
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const header = quotedFields(lines[0] ?? '') ?? [];
    const rows: Row[] = [];
    const broken: number[] = [];
    lines.slice(1).forEach((line, i) => {
      const f = quotedFields(line);
      if (!f || f.length !== header.length) broken.push(i + 2);
      else rows.push(Object.fromEntries(header.map((h, j) => [h, f[j] as string])));
    });
    out.push({ name, header, rows, broken, latin1, lines: lines.length });
  }
  return out;
}

const KELUARGA_HEADER = [
  'nomor_kartu_keluarga',
  'nama_kepala_keluarga',
  'kode_kelurahan_desa',
  'kelurahan_desa',
  'kecamatan',
  'alamat',
  'desil_nasional',
  'desil_provinsi',
  'desil_kabupaten_kota',
  'pbi_nas',
  'pbi_pemda',
];
const ANGGOTA_HEADER = [
  'nomor_induk_kependudukan',
  'nomor_kartu_keluarga',
  'nama',
  'tanggal_lahir',
  'jenis_kelamin',
  'status_hubungan_keluarga',
  'disabilitas',
  'hamil',
  'pekerjaan',
];

interface Release {
  keluarga: DtsenFile;
  anggota: DtsenFile;
  /** no_kk → family row. */
  families: Map<string, Row>;
  /** Members whose family row is in the release, with the family's desil. */
  people: { nik: string; kode: string; desil: number | null }[];
}

const releases = new Map<string, Promise<[Release, Release]>>();
function readReleases(dir: string): Promise<[Release, Release]> {
  if (!releases.has(dir))
    releases.set(
      dir,
      readDtsen(dir).then((files) => {
        const release = (version: string): Release => {
          const keluarga = files.find(
            (f) => f.name.includes(`keluarga_dtsen_${version}`) && !f.name.includes('anggota'),
          ) as DtsenFile;
          const anggota = files.find((f) =>
            f.name.includes(`anggota_keluarga_dtsen_${version}`),
          ) as DtsenFile;
          const families = new Map(keluarga.rows.map((r) => [r.nomor_kartu_keluarga ?? '', r]));
          const people = anggota.rows.flatMap((m) => {
            const fam = families.get(m.nomor_kartu_keluarga ?? '');
            if (!fam) return [];
            const desil = fam.desil_nasional ? Number(fam.desil_nasional) : null;
            return [
              { nik: m.nomor_induk_kependudukan ?? '', kode: fam.kode_kelurahan_desa ?? '', desil },
            ];
          });
          return { keluarga, anggota, families, people };
        };
        return [release('v2'), release('v3')] as [Release, Release];
      }),
    );
  return releases.get(dir) as Promise<[Release, Release]>;
}

describe('DTSEN releases', () => {
  it('a family and a member file per release: pipe, quoted, real header names, one file Latin-1', async () => {
    const files = await readDtsen(dirA);
    expect(files.map((f) => f.name)).toEqual([
      '2025-07/anggota_keluarga_dtsen_v2_6203.csv',
      '2025-07/keluarga_dtsen_v2_6203.csv',
      'anggota_keluarga_dtsen_v3_202601_6203.csv',
      'keluarga_dtsen_v3_202601_6203.csv',
    ]);
    for (const f of files)
      expect(f.header).toEqual(f.name.includes('anggota') ? ANGGOTA_HEADER : KELUARGA_HEADER);
    // Only the v2 member file is Latin-1, and some of its names carry Latin-1 letters.
    expect(files.map((f) => f.latin1)).toEqual([true, false, false, false]);
    const accented = (files[0] as DtsenFile).rows.filter((r) => /[ÉÁÜ]/.test(r.nama ?? ''));
    expect(accented.length).toBeGreaterThan(10);
    // Values in the styles of the two releases (the contract's synonyms).
    const [v2, v3] = await readReleases(dirA);
    expect(new Set(v2.anggota.rows.map((r) => r.jenis_kelamin))).toEqual(
      new Set(['LAKI-LAKI', 'PEREMPUAN']),
    );
    expect(new Set(v3.anggota.rows.map((r) => r.jenis_kelamin))).toEqual(new Set(['1', '2']));
    expect(new Set(v2.keluarga.rows.map((r) => r.pbi_nas))).toEqual(new Set(['1', '0']));
    expect(new Set(v3.keluarga.rows.map((r) => r.pbi_nas))).toEqual(new Set(['YA', 'TIDAK']));
    for (const r of v3.anggota.rows.slice(0, 2000)) {
      expect(isNik(r.nomor_induk_kependudukan ?? '')).toBe(true);
      expect(validDate(r.tanggal_lahir ?? '')).toBe(true);
    }
    expect(v3.keluarga.rows.every((r) => villages.has(dotted(r.kode_kelurahan_desa ?? '')))).toBe(
      true,
    );
  });

  it('ranks the whole population: every resident, every decile, skewed by DTKS and remoteness', async () => {
    const [, v3] = await readReleases(dirA);
    const penduduk = validate('penduduk', await readFeed(dirA, 'penduduk')).ok.filter(
      (r) => r.tahun === '2026',
    );
    const total = penduduk.reduce((s, r) => s + digits(r.jumlah_penduduk ?? ''), 0);
    expect(v3.people.length / total).toBeGreaterThan(0.95);
    expect(v3.people.length / total).toBeLessThan(1.08);
    // Family desil: every decile present, none dominant; the variants differ a little.
    const families = [...v3.families.values()];
    const nasional = families.map((r) => r.desil_nasional);
    for (let d = 1; d <= 10; d++) {
      const share = nasional.filter((x) => x === String(d)).length / families.length;
      expect(share, `desil ${d}`).toBeGreaterThan(0.04);
      expect(share, `desil ${d}`).toBeLessThan(0.2);
    }
    const ranked = families.filter((r) => r.desil_nasional !== '');
    for (const variant of ['desil_provinsi', 'desil_kabupaten_kota']) {
      const diff = ranked.map((r) => Number(r[variant]) - Number(r.desil_nasional));
      expect(
        diff.every((x) => Math.abs(x) <= 2),
        variant,
      ).toBe(true);
      const differs = diff.filter((x) => x !== 0).length / ranked.length;
      expect(differs, variant).toBeGreaterThan(0.05);
      expect(differs, variant).toBeLessThan(0.6);
    }
    // The poverty model of the world: DTKS people rank low, upriver lower than Selat.
    const dtks = new Set(
      validate('dtks', await readFeed(dirA, 'dtks'))
        .ok.filter((r) => periodeKey(r.periode ?? '') === '2025-01')
        .map((r) => r.nik),
    );
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const known = v3.people.filter((p) => p.desil !== null);
    const inDtks = known.filter((p) => dtks.has(p.nik)).map((p) => p.desil as number);
    const outside = known.filter((p) => !dtks.has(p.nik)).map((p) => p.desil as number);
    expect(inDtks.length / known.length).toBeGreaterThan(0.3);
    expect(mean(outside) - mean(inDtks)).toBeGreaterThan(2);
    const band = (kec: string[]): number => {
      const ps = known.filter((p) => kec.includes(kecOf(p.kode)));
      return ps.filter((p) => (p.desil as number) <= 5).length / ps.length;
    };
    expect(band(UPRIVER)).toBeGreaterThan(band(['62.03.01']) + 0.1);
  });

  it('desil moves between v2 and v3, across the PBI band both ways; some families unranked, some members without family', async () => {
    const [v2, v3] = await readReleases(dirA);
    let both = 0;
    let moved = 0;
    let left = 0;
    let entered = 0;
    for (const [kk, f3] of v3.families) {
      const f2 = v2.families.get(kk);
      if (!f2 || !f2.desil_nasional || !f3.desil_nasional) continue;
      both++;
      const [a, b] = [Number(f2.desil_nasional), Number(f3.desil_nasional)];
      if (a !== b) moved++;
      if (a <= 5 && b > 5) left++;
      if (a > 5 && b <= 5) entered++;
    }
    expect(both / v3.families.size).toBeGreaterThan(0.9);
    expect(moved / both).toBeGreaterThan(0.05);
    expect(moved / both).toBeLessThan(0.4);
    expect(left).toBeGreaterThan(20);
    expect(entered).toBeGreaterThan(20);
    for (const r of [v2, v3]) {
      const empty = r.keluarga.rows.filter((f) => f.desil_nasional === '');
      expect(empty.length).toBeGreaterThan(0);
      expect(empty.length / r.keluarga.rows.length).toBeLessThan(0.01);
      expect(empty.every((f) => f.desil_provinsi === '' && f.desil_kabupaten_kota === '')).toBe(
        true,
      );
      const orphans = r.anggota.rows.filter((m) => !r.families.has(m.nomor_kartu_keluarga ?? ''));
      expect(orphans.length).toBeGreaterThan(0);
      expect(orphans.length / r.anggota.rows.length).toBeLessThan(0.01);
    }
    // v3 moves PBI on the band: memberships outside it deactivated, more in it enrolled.
    const jkn = validate('bpjs_kesehatan', await readFeed(dirA, 'bpjs_kesehatan')).ok;
    const pbiIn = (periode: string, release: Release, inBand: boolean): number => {
      const desil = new Map(release.people.map((p) => [p.nik, p.desil]));
      const rows = jkn.filter((r) => {
        const d = desil.get(r.nik ?? '');
        return (
          periodeKey(r.periode ?? '') === periode &&
          d != null &&
          d <= 5 === inBand &&
          enumOf(r.segmen ?? '').startsWith('PBI')
        );
      });
      return rows.filter((r) => r.status === 'AKTIF').length / release.people.length;
    };
    expect(pbiIn('2026-01', v3, false)).toBeLessThan(pbiIn('2025-07', v2, false) * 0.7);
    expect(pbiIn('2026-01', v3, true)).toBeGreaterThan(pbiIn('2025-07', v2, true));
  });

  it('a few lines cannot be split: quote never closed, text after a closing quote, a field too many', async () => {
    const files = await readDtsen(dirA);
    for (const f of files) {
      expect(f.broken.length, f.name).toBeGreaterThanOrEqual(3);
      expect(f.broken.length / f.lines, f.name).toBeLessThan(0.001);
    }
    const text = await readFile(
      path.join(dirA, 'dtsen', 'keluarga_dtsen_v3_202601_6203.csv'),
      'utf8',
    );
    const lines = text.split('\n');
    const [a, b, c] = (files[3] as DtsenFile).broken.map((n) => lines[n - 1] as string);
    expect(a).toMatch(/\|"[^"|]*$/); // the last field's quote never closed
    expect(b).toMatch(/"[^"|]*" JR"/); // a nickname in quotes inside a quoted field
    expect(c?.split('"|"')).toHaveLength(KELUARGA_HEADER.length + 1);
  });
});

// ---------------------------------------------------------------- the ETL over a small inbox

const TODAY = Date.parse('2026-06-10T03:00:00Z'); // 10:00 WIB
let small: Promise<string> | undefined;

/** 13 months ending in "today's" month at scale 0.02: DTKS 2025-06, DTSEN 2025-12 and 2026-06. */
function smallInbox(): Promise<string> {
  small ??= (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'demo-small-'));
    extraDirs.push(dir);
    const inbox = path.join(dir, 'inbox');
    await generateDemoInbox({
      out: inbox,
      seed: 3,
      scale: 0.02,
      end: '2026-06',
      months: 13,
      now: TODAY,
    });
    return inbox;
  })();
  return small;
}
const extraDirs: string[] = [];
afterAll(async () => {
  for (const d of extraDirs) await rm(d, { recursive: true, force: true });
});

describe('the ETL over a generated inbox', () => {
  it('loads dtsen (BARIS_RUSAK only for the planted lines) and resolves the by-name DTKS export', async () => {
    // A copy: the run archives what it reads.
    const inbox = path.join(path.dirname(await smallInbox()), 'etl-inbox');
    await cp(await smallInbox(), inbox, { recursive: true });
    const data = path.join(path.dirname(inbox), 'data');
    // Expected, read before the run archives the files.
    const dtsen = await readDtsen(inbox);
    const planted = dtsen.flatMap((f) => f.broken.map((line) => `${f.name}:${line}`)).sort();
    const dtsenRows = dtsen.reduce((n, f) => n + f.lines - 1, 0);
    const legacy = (await readdir(path.join(inbox, 'dtks'))).filter((f) => f.endsWith('.csv'));
    expect(legacy).toHaveLength(16);
    const misspelt: string[] = [];
    let legacyRows = 0;
    for (const f of legacy) {
      const lines = (await readFile(path.join(inbox, 'dtks', f), 'utf8')).split('\r\n');
      expect(lines[0]).toMatch(/^\ufeffIDDTKS;Nokk;NIK ART;/);
      lines.slice(1).forEach((line, i) => {
        if (!line) return;
        legacyRows++;
        const cols = line.split(';');
        const [kec, desa] = [cols[7] ?? '', cols[8] ?? ''];
        if (/^62\.03\./.test(codeByName(kec, desa))) return;
        // Planted: the desa of the file, its last letter doubled.
        expect(desa.slice(-1)).toBe(desa.slice(-2, -1));
        expect(codeByName(kec, desa.slice(0, -1))).toMatch(/^62\.03\./);
        misspelt.push(`${f}:${i + 2}`);
      });
    }
    expect(misspelt.length).toBeGreaterThan(0);

    const summary = await runEtl({
      inboxDir: inbox,
      dataDir: data,
      asOf: '2026-06-10',
      regionCode: '62.03',
      pseudonymKey: '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
      settleSeconds: 0,
      publishGuardDrop: 0,
    });
    expect(summary.status).toBe('SUCCESS');
    expect(summary.feeds.dtsen).toMatchObject({
      files: 4,
      rows_read: dtsenRows,
      rows_loaded: dtsenRows - planted.length,
      rejects: { BARIS_RUSAK: planted.length },
    });
    expect(summary.feeds.dtsen?.anggota_tanpa_keluarga).toBeGreaterThan(0);
    const wh = await DuckDBInstance.create(path.join(data, 'warehouse.duckdb'), {
      access_mode: 'READ_ONLY',
    });
    const w = await wh.connect();
    try {
      const rows = async (sql: string): Promise<Record<string, unknown>[]> =>
        (await w.runAndReadAll(sql)).getRowObjectsJS();
      const rusak = await rows(
        `SELECT file, line FROM etl_rejects WHERE reason = 'BARIS_RUSAK' ORDER BY ALL`,
      );
      expect(rusak.map((r) => `${String(r.file)}:${Number(r.line)}`).sort()).toEqual(planted);
      const wilayah = await rows(
        `SELECT file, line FROM etl_rejects
         WHERE feed = 'dtks' AND reason = 'KODE_WILAYAH_TIDAK_DIKENAL' AND file LIKE '%.csv'`,
      );
      expect(wilayah.map((r) => `${String(r.file)}:${Number(r.line)}`).sort()).toEqual(
        misspelt.sort(),
      );
      const lake = await rows(
        `SELECT strftime(periode, '%Y-%m') AS periode, count(*)::INTEGER AS n,
           count(*) FILTER (WHERE kode_desa NOT LIKE '62.03.%')::INTEGER AS outside
         FROM read_parquet('${data}/lake/dtks/**/*.parquet', hive_partitioning = false)
         GROUP BY 1`,
      );
      expect(lake).toHaveLength(1);
      expect(lake[0]).toMatchObject({ periode: '2025-06', outside: 0 });
      expect(Number(lake[0]?.n)).toBeGreaterThan(legacyRows * 0.95);
      const families = await rows(
        `SELECT strftime(periode, '%Y-%m') AS periode, count(*)::INTEGER AS n
         FROM read_parquet('${data}/lake/dtsen_keluarga/**/*.parquet', hive_partitioning = false)
         GROUP BY 1 ORDER BY 1`,
      );
      expect(families.map((r) => r.periode)).toEqual(['2025-12', '2026-06']);
    } finally {
      w.closeSync();
      wh.closeSync();
    }
  });
});

/**
 * An independent, deliberately naive recomputation of every indicator of docs/indicators.md,
 * straight from the lake Parquet rows, in plain TypeScript. It shares no code and no SQL with
 * warehouse/models: it exists to catch the warehouse being wrong, so when the two disagree, the
 * text of indicators.md decides (see tests/oracle/README.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { wilayahCsv } from '../../warehouse/wilayah.js';

type Row = Record<string, unknown>;

/** The programme rules (registry.md, "Programme rules, as data"); the defaults unless given. */
export interface OracleRules {
  desilVarian: 'nasional' | 'provinsi' | 'kabupaten_kota';
  pbi: number;
  pkh: number;
  bpu: number;
}
export const DEFAULT_RULES: OracleRules = { desilVarian: 'nasional', pbi: 5, pkh: 4, bpu: 5 };
const inBand = (desil: number | null, maks: number) =>
  desil !== null && desil >= 1 && desil <= maks;

export const PREMI_PBI = 42_000;
export const PREMI_BPU = 16_800;
const PBI = new Set(['PBI_APBN', 'PBI_APBD']);
const RENTAN_JOBS = new Set(['PETANI', 'NELAYAN', 'BURUH_HARIAN', 'PEDAGANG', 'PEKERJA_INFORMAL']);
const OPEN = new Set(['DITERIMA', 'DIRUJUK', 'DITINDAKLANJUTI']);

// ---------------------------------------------------------------- dates as day numbers (UTC)

const DAY_MS = 86_400_000;
const dayOf = (d: unknown): number | null =>
  d === null || d === undefined ? null : Math.round((d as Date).getTime() / DAY_MS);
const dayFromIso = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const monthOfDay = (day: number): string => isoOf(day).slice(0, 7);

/** Last day of month `YYYY-MM`. */
function lastDayOfMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Math.round(Date.UTC(y, m, 0) / DAY_MS); // day 0 of the next month
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let p = first; p <= last; p = nextMonth(p)) out.push(p);
  return out;
}

/**
 * When someone born on 29 February completes a year in a common year. indicators.md only says
 * "whole years"; the warehouse (DuckDB date_sub, last day of month = last day of month) reads it as
 * 28 February. An open question for the spec (see README.md); the oracle follows that reading so
 * that the test pins it, and `'mar1'` is the other reading.
 */
export const LEAP_DAY_BIRTHDAY: 'feb28' | 'mar1' = 'feb28';

/** Whole years from `birth` to `on`: a year is complete on the birthday. */
function ageYears(birth: number, on: number): number {
  const b = isoOf(birth);
  const o = isoOf(on);
  let age = Number(o.slice(0, 4)) - Number(b.slice(0, 4));
  let birthday = b.slice(5);
  const year = Number(o.slice(0, 4));
  const leapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (birthday === '02-29' && !leapYear)
    birthday = LEAP_DAY_BIRTHDAY === 'feb28' ? '02-28' : '03-01';
  if (o.slice(5) < birthday) age -= 1;
  return age;
}

// ---------------------------------------------------------------- lake and reference

export interface Lake {
  dtks: Row[];
  /** DTSEN family rows (dtsen_keluarga) and member rows (dtsen_anggota); absent: none. */
  dtsenKeluarga?: Row[];
  dtsenAnggota?: Row[];
  rujukan: Row[];
  bpjsKes: Row[];
  bpjsTk: Row[];
  pkh: Row[];
  puskesos: Row[];
  penduduk: Row[];
}

async function readFeed(lakeDir: string, feed: string): Promise<Row[]> {
  if (!existsSync(path.join(lakeDir, feed))) return [];
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const glob = path.join(lakeDir, feed, '**', 'data.parquet').replaceAll("'", "''");
    const sql = `SELECT * FROM read_parquet('${glob}', hive_partitioning = false)`;
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Row[];
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

export async function loadLake(lakeDir: string): Promise<Lake> {
  return {
    dtks: await readFeed(lakeDir, 'dtks'),
    dtsenKeluarga: await readFeed(lakeDir, 'dtsen_keluarga'),
    dtsenAnggota: await readFeed(lakeDir, 'dtsen_anggota'),
    rujukan: await readFeed(lakeDir, 'rujukan'),
    bpjsKes: await readFeed(lakeDir, 'bpjs_kesehatan'),
    bpjsTk: await readFeed(lakeDir, 'bpjs_ketenagakerjaan'),
    pkh: await readFeed(lakeDir, 'pkh'),
    puskesos: await readFeed(lakeDir, 'puskesos'),
    penduduk: await readFeed(lakeDir, 'penduduk'),
  };
}

export interface Region {
  kabupaten: string;
  kecamatan: string[];
  /** desa code → kecamatan code, from villages.csv (district_code column). */
  desa: Map<string, string>;
}

/** The served kabupaten's areas, read naively from the idn-area-data CSV files. */
export function loadRegion(regionCode: string): Region {
  const lines = (file: string) => readFileSync(file, 'utf8').split(/\r?\n/).slice(1);
  const kecamatan = lines(wilayahCsv.districts)
    .map((l) => l.split(','))
    .filter((c) => c[1] === regionCode)
    .map((c) => c[0] as string);
  const desa = new Map<string, string>();
  for (const l of lines(wilayahCsv.villages)) {
    const [code, district] = l.split(',');
    if (district && kecamatan.includes(district)) desa.set(code as string, district);
  }
  return { kabupaten: regionCode, kecamatan, desa };
}

// ---------------------------------------------------------------- results

export interface Value {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}
export type Level = 'desa' | 'kecamatan' | 'kabupaten';
/** key `indicator|period|level|area` */
export type Values = Map<string, Value>;
/** key `indicator|period|level|area|dimension|category` (only rows with data, README.md) */
export type Breakdowns = Map<string, Value>;
/** key `period|level|area|lembaga_tujuan|bucket` → jumlah (only > 0); lembaga `*` = all */
export type Aging = Map<string, number>;

export interface OracleResult {
  values: Values;
  breakdowns: Breakdowns;
  aging: Aging;
  /** indicator → first period it has rows (null: none). */
  firstPeriod: Map<string, string | null>;
  /** key `period|level|area|program|desil` (desil `null` = unknown) → jumlah (only > 0) */
  budgetGaps: Map<string, number>;
}

/** Per-desa accumulator of one indicator in one period. */
class Tally {
  num = new Map<string, number>();
  den = new Map<string, number>();
  lists = new Map<string, number[]>();
  addNum(desa: string, n = 1) {
    this.num.set(desa, (this.num.get(desa) ?? 0) + n);
  }
  addDen(desa: string, n = 1) {
    this.den.set(desa, (this.den.get(desa) ?? 0) + n);
  }
  push(desa: string, x: number) {
    const list = this.lists.get(desa) ?? [];
    list.push(x);
    this.lists.set(desa, list);
  }
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

type Kind = 'count' | 'ratio' | 'median' | 'budget';

type Area = { level: Level; code: string; desa: string[] };
const areaCache = new WeakMap<Region, Area[]>();

function areasOf(region: Region): Area[] {
  const cached = areaCache.get(region);
  if (cached) return cached;
  const areas = listAreas(region);
  areaCache.set(region, areas);
  return areas;
}

function listAreas(region: Region): Area[] {
  const all = [...region.desa.keys()];
  return [
    ...all.map((d) => ({ level: 'desa' as const, code: d, desa: [d] })),
    ...region.kecamatan.map((k) => ({
      level: 'kecamatan' as const,
      code: k,
      desa: all.filter((d) => region.desa.get(d) === k),
    })),
    { level: 'kabupaten' as const, code: region.kabupaten, desa: all },
  ];
}

function emit(
  out: Values,
  region: Region,
  id: string,
  period: string,
  kind: Kind,
  t: Tally,
  premium = 0,
) {
  for (const area of areasOf(region)) {
    const sum = (m: Map<string, number>) => area.desa.reduce((s, d) => s + (m.get(d) ?? 0), 0);
    let v: Value;
    if (kind === 'count') {
      const n = sum(t.num);
      v = { numerator: n, denominator: null, value: n };
    } else if (kind === 'budget') {
      const n = sum(t.num);
      v = { numerator: n, denominator: null, value: n * premium * 12 };
    } else if (kind === 'ratio') {
      const n = sum(t.num);
      const d = sum(t.den);
      v = { numerator: n, denominator: d, value: d === 0 ? null : (100 * n) / d };
    } else {
      const xs = area.desa.flatMap((d) => t.lists.get(d) ?? []);
      v = { numerator: null, denominator: xs.length, value: median(xs) };
    }
    out.set(`${id}|${period}|${area.level}|${area.code}`, v);
  }
}

// ---------------------------------------------------------------- rujukan

interface Complaint {
  id: string;
  desa: string;
  kategori: string;
  kanal: string;
  lembaga: string;
  status: string;
  keluhan: number;
  selesai: number | null;
}

/** Latest version per id_rujukan: (diperbarui_pada, _run_id, _file_seq, _line) descending. */
export function latestComplaints(rows: Row[]): Complaint[] {
  const best = new Map<string, Row>();
  const key = (r: Row): [number, string, number, number] => [
    (r.diperbarui_pada as Date).getTime(),
    String(r._run_id),
    Number(r._file_seq),
    Number(r._line),
  ];
  const later = (a: Row, b: Row) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < 4; i++) if (ka[i] !== kb[i]) return (ka[i] as never) > (kb[i] as never);
    return false;
  };
  for (const r of rows) {
    const id = String(r.id_rujukan);
    const current = best.get(id);
    if (!current || later(r, current)) best.set(id, r);
  }
  return [...best.values()].map((r) => ({
    id: String(r.id_rujukan),
    desa: String(r.kode_desa),
    kategori: String(r.kategori),
    kanal: String(r.kanal),
    lembaga: String(r.lembaga_tujuan),
    status: String(r.status),
    keluhan: dayOf(r.tanggal_keluhan) as number,
    // data contract: on an open status a tanggal_selesai is ignored, whatever it holds
    selesai: OPEN.has(String(r.status)) ? null : dayOf(r.tanggal_selesai),
  }));
}

/** Open at date D: received by D and not closed by D (a closed one carries tanggal_selesai). */
function openAt(c: Complaint, d: number): boolean {
  if (c.keluhan > d) return false;
  // the lake keeps tanggal_selesai only on closed statuses, so null means open now
  if (c.selesai === null) return OPEN.has(c.status);
  return c.selesai > d;
}

function bucketOf(age: number): string {
  if (age <= 7) return '0-7';
  if (age <= 14) return '8-14';
  if (age <= 30) return '15-30';
  return '>30';
}

interface RujukanTallies {
  masuk: Tally;
  selesaiPct: Tally;
  medianHari: Tally;
  tunggakan: Tally;
  sla: Tally;
  aging: Map<string, Tally>;
}

/** The five referral indicators (and aging) of one set of complaints in one period. */
function rujukanTallies(complaints: Complaint[], period: string, end: number): RujukanTallies {
  const t: RujukanTallies = {
    masuk: new Tally(),
    selesaiPct: new Tally(),
    medianHari: new Tally(),
    tunggakan: new Tally(),
    sla: new Tally(),
    aging: new Map(),
  };
  const inP = (day: number | null) => day !== null && monthOfDay(day) === period;
  for (const c of complaints) {
    if (inP(c.keluhan)) {
      t.masuk.addNum(c.desa);
      t.selesaiPct.addDen(c.desa);
      if (c.status === 'SELESAI') t.selesaiPct.addNum(c.desa);
    }
    if (c.status === 'SELESAI' && inP(c.selesai)) {
      const days = (c.selesai as number) - c.keluhan;
      t.medianHari.push(c.desa, days);
      t.sla.addDen(c.desa);
      if (days <= 14) t.sla.addNum(c.desa);
    }
    if (openAt(c, end)) {
      const age = end - c.keluhan;
      if (age > 30) t.tunggakan.addNum(c.desa);
      const bucket = bucketOf(age);
      const b = t.aging.get(bucket) ?? new Tally();
      b.addNum(c.desa);
      t.aging.set(bucket, b);
    }
  }
  return t;
}

const DIMENSIONS = ['kategori', 'kanal', 'lembaga_tujuan', 'status'] as const;
const dimensionOf = (c: Complaint, d: (typeof DIMENSIONS)[number]) =>
  d === 'kategori'
    ? c.kategori
    : d === 'kanal'
      ? c.kanal
      : d === 'lembaga_tujuan'
        ? c.lembaga
        : c.status;

function rujukanPeriod(
  complaints: Complaint[],
  region: Region,
  period: string,
  end: number,
  out: OracleResult,
) {
  const all = rujukanTallies(complaints, period, end);
  emit(out.values, region, 'rujukan_masuk', period, 'count', all.masuk);
  emit(out.values, region, 'rujukan_selesai_pct', period, 'ratio', all.selesaiPct);
  emit(out.values, region, 'rujukan_median_hari', period, 'median', all.medianHari);
  emit(out.values, region, 'rujukan_tunggakan', period, 'count', all.tunggakan);
  emit(out.values, region, 'rujukan_sla_pct', period, 'ratio', all.sla);
  for (const [bucket, t] of all.aging) agingRows(region, t, `${period}|*|${bucket}`, out.aging);

  for (const dimension of DIMENSIONS) {
    const categories = [...new Set(complaints.map((c) => dimensionOf(c, dimension)))];
    for (const category of categories) {
      const subset = complaints.filter((c) => dimensionOf(c, dimension) === category);
      const t = rujukanTallies(subset, period, end);
      const tag = `${dimension}|${category}`;
      // warehouse/README.md: only rows with data; status only for rujukan_masuk
      breakdownRows(region, 'rujukan_masuk', period, tag, 'count', t.masuk, out.breakdowns);
      if (dimension === 'status') continue;
      breakdownRows(
        region,
        'rujukan_selesai_pct',
        period,
        tag,
        'ratio',
        t.selesaiPct,
        out.breakdowns,
      );
      breakdownRows(
        region,
        'rujukan_median_hari',
        period,
        tag,
        'median',
        t.medianHari,
        out.breakdowns,
      );
      breakdownRows(region, 'rujukan_tunggakan', period, tag, 'count', t.tunggakan, out.breakdowns);
      breakdownRows(region, 'rujukan_sla_pct', period, tag, 'ratio', t.sla, out.breakdowns);
      if (dimension === 'lembaga_tujuan')
        for (const [bucket, tb] of t.aging)
          agingRows(region, tb, `${period}|${category}|${bucket}`, out.aging);
    }
  }
}

/** Breakdown rows of one category: counts > 0, ratios and medians with a denominator > 0. */
function breakdownRows(
  region: Region,
  id: string,
  period: string,
  tag: string,
  kind: Kind,
  t: Tally,
  target: Breakdowns,
) {
  const values: Values = new Map();
  emit(values, region, id, period, kind, t);
  for (const [key, v] of values) {
    const hasData = kind === 'count' ? (v.value as number) > 0 : (v.denominator as number) > 0;
    if (hasData) target.set(`${key}|${tag}`, v);
  }
}

/** Aging rows (jumlah > 0); `tail` is `period|lembaga|bucket`. */
function agingRows(region: Region, t: Tally, tail: string, target: Aging) {
  const [period, lembaga, bucket] = tail.split('|');
  for (const area of areasOf(region)) {
    const n = area.desa.reduce((s, d) => s + (t.num.get(d) ?? 0), 0);
    if (n > 0) target.set(`${period}|${area.level}|${area.code}|${lembaga}|${bucket}`, n);
  }
}

// ---------------------------------------------------------------- registry and coverage

interface Person {
  nik: string;
  idDtks: string;
  noKk: string;
  desa: string;
  head: boolean;
  desil: number | null;
  age: number;
  hamil: boolean;
  disabBerat: boolean;
  /** aged 18–59 in a listed job, at any desil */
  pekerja: boolean;
  /** a vulnerable worker: pekerja and in the bpu band */
  rentan: boolean;
  verified: boolean;
}

interface Household {
  desa: string;
  desil: number | null;
  eligible: boolean;
}

interface Snapshot {
  source: 'DTKS' | 'DTSEN';
  people: Person[];
  households: Map<string, Household>;
  /** NIK → registry desil (null = unknown) of every person of the snapshot */
  desilOf: Map<string, number | null>;
}

function toPerson(
  r: Row,
  end: number,
  rules: OracleRules,
  where: { desa: string; desil: number | null },
): Person {
  const age = ageYears(dayOf(r.tanggal_lahir) as number, end);
  const verif = dayOf(r.tanggal_verifikasi);
  const pekerja = age >= 18 && age <= 59 && RENTAN_JOBS.has(String(r.pekerjaan));
  return {
    nik: String(r.nik),
    idDtks: String(r.id_dtks ?? ''),
    noKk: String(r.no_kk),
    desa: where.desa,
    head: r.hubungan_keluarga === 'KEPALA_KELUARGA',
    desil: where.desil,
    age,
    hamil: r.hamil === 'YA',
    disabBerat: r.disabilitas === 'BERAT',
    pekerja,
    rentan: pekerja && inBand(where.desil, rules.bpu),
    verified: verif !== null && end - 365 <= verif && verif <= end,
  };
}

const needsPkh = (ms: Person[]) =>
  ms.some((m) => (m.age >= 0 && m.age <= 18) || m.hamil || m.disabBerat || m.age >= 60);

function groupByKk(people: Person[]): Map<string, Person[]> {
  const members = new Map<string, Person[]>();
  for (const p of people) {
    const list = members.get(p.noKk);
    if (list) list.push(p);
    else members.set(p.noKk, [p]);
  }
  return members;
}

/** Persons of one DTKS periode, ages and verification on end() of that snapshot month. */
function dtksSnapshot(rows: Row[], month: string, asOf: number, rules: OracleRules): Snapshot {
  const end = Math.min(lastDayOfMonth(month), asOf);
  const people = rows.map((r) =>
    toPerson(r, end, rules, {
      desa: String(r.kode_desa),
      desil: r.desil === null ? null : Number(r.desil),
    }),
  );
  const households = new Map<string, Household>();
  for (const [kk, ms] of groupByKk(people)) households.set(kk, household(ms, rules));
  return {
    source: 'DTKS',
    people,
    households,
    desilOf: new Map(people.map((p) => [p.nik, p.desil])),
  };
}

/**
 * A DTSEN release: members whose family row is in it, in the family's desa with the family's
 * desil (the rules' ranking); every family a household, one without members never PKH-eligible.
 */
function dtsenSnapshot(
  families: Row[],
  members: Row[],
  month: string,
  asOf: number,
  rules: OracleRules,
): Snapshot {
  const end = Math.min(lastDayOfMonth(month), asOf);
  const column = `desil_${rules.desilVarian}`;
  const family = new Map(
    families.map((f) => [
      String(f.no_kk),
      { desa: String(f.kode_desa), desil: f[column] === null ? null : Number(f[column]) },
    ]),
  );
  const people = members.flatMap((r) => {
    const f = family.get(String(r.no_kk));
    return f ? [toPerson(r, end, rules, f)] : [];
  });
  const byKk = groupByKk(people);
  const households = new Map<string, Household>();
  for (const [kk, f] of family)
    households.set(kk, {
      desa: f.desa,
      desil: f.desil,
      eligible: inBand(f.desil, rules.pkh) && needsPkh(byKk.get(kk) ?? []),
    });
  return {
    source: 'DTSEN',
    people,
    households,
    desilOf: new Map(people.map((p) => [p.nik, p.desil])),
  };
}

function household(ms: Person[], rules: OracleRules): Household {
  const heads = ms.filter((m) => m.head).sort((a, b) => (a.idDtks < b.idDtks ? -1 : 1));
  const head = heads[0];
  let desa: string;
  if (head) desa = head.desa;
  else {
    const count = new Map<string, number>();
    for (const m of ms) count.set(m.desa, (count.get(m.desa) ?? 0) + 1);
    desa = [...count].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  }
  const memberDesils = ms.map((m) => m.desil).filter((d): d is number => d !== null);
  const desil =
    head && head.desil !== null
      ? head.desil
      : memberDesils.length
        ? Math.min(...memberDesils)
        : null;
  return { desa, desil, eligible: inBand(desil, rules.pkh) && needsPkh(ms) };
}

function byPeriode(rows: Row[]): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of rows) {
    const m = monthOfDay(dayOf(r.periode) as number);
    const list = out.get(m);
    if (list) list.push(r);
    else out.set(m, [r]);
  }
  return out;
}

/** The latest key not after `period` (keys are `YYYY-MM`). */
function latestNotAfter(keys: string[], period: string): string | null {
  const ok = keys.filter((k) => k <= period).sort();
  return ok.length ? (ok[ok.length - 1] as string) : null;
}

// ---------------------------------------------------------------- the whole catalogue

/** Everything one period reads "as of P". */
interface AsOfP {
  period: string;
  end: number;
  region: Region;
  out: OracleResult;
  snap: Snapshot | null;
  /** the registry snapshot before the one used (either source), null: none */
  prev: Snapshot | null;
  rules: OracleRules;
  /** jumlah_penduduk per desa, latest tahun not after P's year */
  penduduk: Map<string, number>;
  kesRows: Row[];
  kesAktif: Set<string>;
  /** NIKs with a row of any status */
  kesMember: Set<string>;
  kesPbi: Set<string>;
  tkAktif: Set<string>;
  /** no_kk with a SALUR row in P's year */
  salur: Set<string>;
}

const GROUPS: Record<string, string[]> = {
  rujukan: [
    'rujukan_masuk',
    'rujukan_selesai_pct',
    'rujukan_median_hari',
    'rujukan_tunggakan',
    'rujukan_sla_pct',
  ],
  registri: [
    'registri_individu',
    'registri_penduduk_pct',
    'registri_verifikasi_pct',
    'pbi_sasaran_pct',
    'gap_jkn_sasaran',
    'anggaran_pbi_apbd',
    'bpu_rentan_pct',
    'gap_bpu',
    'anggaran_bpu',
    'pkh_pct',
    'gap_pkh',
    'puskesos_desa_pct',
  ],
  kes: ['uhc_pct', 'jkn_aktif_pct', 'pbi_luar_sasaran'],
  keluar: ['keluar_sasaran_pbi'],
};

/** The registry snapshots: month → source (a DTSEN month only with family rows; DTSEN wins). */
function registryMonths(lake: Lake): Map<string, 'DTKS' | 'DTSEN'> {
  const out = new Map<string, 'DTKS' | 'DTSEN'>();
  for (const m of byPeriode(lake.dtks).keys()) out.set(m, 'DTKS');
  for (const m of byPeriode(lake.dtsenKeluarga ?? []).keys()) out.set(m, 'DTSEN');
  return new Map([...out].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

/**
 * First month of each indicator group (registry.md, "Readings"): referrals from the first
 * complaint month, the registry-based ones from the first registry snapshot, uhc / jkn_aktif /
 * pbi_luar_sasaran from the first BPJS Kesehatan snapshot, keluar_sasaran_pbi from the second
 * registry snapshot. Also returns the warehouse's first month (null: nothing at all).
 */
function groupStarts(
  lake: Lake,
  firstComplaint: string | null,
  registry: string[],
  feeds: { kes: Map<string, Row[]>; tk: Map<string, Row[]> },
): { starts: Record<string, string | null>; warehouseFirst: string | null } {
  const first = (m: Map<string, Row[]>) => ([...m.keys()].sort()[0] ?? null) as string | null;
  const pkhYears = lake.pkh.map((r) => Number(r.tahun));
  const firstPkh = pkhYears.length ? `${Math.min(...pkhYears)}-01` : null;
  const [kes, tk] = [first(feeds.kes), first(feeds.tk)];
  const reg = registry[0] ?? null;
  const monthly = [firstComplaint, reg, kes, tk].filter((m): m is string => m !== null).sort();
  const warehouseFirst = monthly[0] ?? firstPkh;
  const starts = { rujukan: firstComplaint, registri: reg, kes, keluar: registry[1] ?? null };
  return { starts, warehouseFirst };
}

export function computeOracle(
  lake: Lake,
  region: Region,
  asOfIso: string,
  rules: OracleRules = DEFAULT_RULES,
): OracleResult {
  const asOf = dayFromIso(asOfIso);
  const out: OracleResult = {
    values: new Map(),
    breakdowns: new Map(),
    aging: new Map(),
    firstPeriod: new Map(),
    budgetGaps: new Map(),
  };
  const complaints = latestComplaints(lake.rujukan);
  const firstComplaint = complaints.length
    ? monthOfDay(Math.min(...complaints.map((c) => c.keluhan)))
    : null;
  const feeds = {
    dtks: byPeriode(lake.dtks),
    keluarga: byPeriode(lake.dtsenKeluarga ?? []),
    anggota: byPeriode(lake.dtsenAnggota ?? []),
    kes: byPeriode(lake.bpjsKes),
    tk: byPeriode(lake.bpjsTk),
  };
  const registry = registryMonths(lake);
  const registryList = [...registry.keys()];
  const { starts, warehouseFirst } = groupStarts(lake, firstComplaint, registryList, feeds);
  for (const [group, ids] of Object.entries(GROUPS))
    for (const id of ids) out.firstPeriod.set(id, starts[group] ?? null);
  if (!warehouseFirst) return out;

  const snapshots = new Map<string, Snapshot>();
  const snapshot = (month: string) => {
    let s = snapshots.get(month);
    if (!s) {
      s =
        registry.get(month) === 'DTSEN'
          ? dtsenSnapshot(
              feeds.keluarga.get(month) ?? [],
              feeds.anggota.get(month) ?? [],
              month,
              asOf,
              rules,
            )
          : dtksSnapshot(feeds.dtks.get(month) ?? [], month, asOf, rules);
      snapshots.set(month, s);
    }
    return s;
  };
  for (const period of monthsBetween(warehouseFirst, asOfIso.slice(0, 7))) {
    const active = (group: string) => starts[group] != null && (starts[group] as string) <= period;
    const end = Math.min(lastDayOfMonth(period), asOf);
    if (active('rujukan')) rujukanPeriod(complaints, region, period, end, out);
    const registryMonth = latestNotAfter(registryList, period);
    const prevMonth = registryMonth
      ? (registryList.filter((m) => m < registryMonth).at(-1) ?? null)
      : null;
    const kesMonth = latestNotAfter([...feeds.kes.keys()], period);
    const tkMonth = latestNotAfter([...feeds.tk.keys()], period);
    const kesRows = kesMonth ? (feeds.kes.get(kesMonth) as Row[]) : [];
    const tkRows = tkMonth ? (feeds.tk.get(tkMonth) as Row[]) : [];
    const aktif = (rows: Row[], segmen?: Set<string>) =>
      new Set(
        rows
          .filter((r) => r.status === 'AKTIF' && (!segmen || segmen.has(String(r.segmen))))
          .map((r) => String(r.nik)),
      );
    const year = Number(period.slice(0, 4));
    const ctx: AsOfP = {
      period,
      end,
      region,
      out,
      snap: registryMonth ? snapshot(registryMonth) : null,
      prev: prevMonth ? snapshot(prevMonth) : null,
      rules,
      penduduk: pendudukOf(lake.penduduk, year),
      kesRows,
      kesAktif: aktif(kesRows),
      kesMember: new Set(kesRows.map((r) => String(r.nik))),
      kesPbi: aktif(kesRows, PBI),
      tkAktif: aktif(tkRows),
      salur: new Set(
        lake.pkh
          .filter((r) => Number(r.tahun) === year && r.status_salur === 'SALUR')
          .map((r) => String(r.no_kk)),
      ),
    };
    if (active('registri')) {
      registryIndicators(ctx);
      jknIndicators(ctx);
      bpuIndicators(ctx);
      pkhIndicators(ctx);
      puskesosIndicator(ctx, lake.puskesos);
    }
    if (active('kes')) kesIndicators(ctx);
    if (active('keluar')) keluarIndicator(ctx);
  }
  return out;
}

function pendudukOf(rows: Row[], year: number): Map<string, number> {
  const latest = new Map<string, { tahun: number; n: number }>();
  for (const r of rows) {
    const tahun = Number(r.tahun);
    const desa = String(r.kode_desa);
    const current = latest.get(desa);
    if (tahun <= year && (!current || tahun > current.tahun))
      latest.set(desa, { tahun, n: Number(r.jumlah_penduduk) });
  }
  return new Map([...latest].map(([desa, x]) => [desa, x.n]));
}

function registryIndicators(ctx: AsOfP) {
  const individu = new Tally();
  const pendudukPct = new Tally();
  const verif = new Tally();
  for (const p of ctx.snap!.people) {
    individu.addNum(p.desa);
    pendudukPct.addNum(p.desa);
    verif.addDen(p.desa);
    if (p.verified) verif.addNum(p.desa);
  }
  for (const [desa, n] of ctx.penduduk) pendudukPct.addDen(desa, n);
  emit(ctx.out.values, ctx.region, 'registri_individu', ctx.period, 'count', individu);
  emit(ctx.out.values, ctx.region, 'registri_penduduk_pct', ctx.period, 'ratio', pendudukPct);
  // BPS verifies DTSEN: no verification figure for months served by a DTSEN release
  if (ctx.snap!.source === 'DTKS')
    emit(ctx.out.values, ctx.region, 'registri_verifikasi_pct', ctx.period, 'ratio', verif);
}

function jknIndicators(ctx: AsOfP) {
  const snap = ctx.snap!;
  const pbi = new Tally();
  const gap = new Tally();
  const byDesil = new Map<string, Tally>();
  for (const p of snap.people) {
    const sasaran = inBand(p.desil, ctx.rules.pbi);
    if (sasaran) pbi.addDen(p.desa);
    if (sasaran && ctx.kesPbi.has(p.nik)) pbi.addNum(p.desa);
    if (ctx.kesAktif.has(p.nik)) continue;
    if (sasaran) gap.addNum(p.desa);
    tallyOf(byDesil, String(p.desil)).addNum(p.desa);
  }
  const { out, region, period } = ctx;
  budgetRows(region, period, 'jkn', byDesil, out.budgetGaps);
  emit(out.values, region, 'pbi_sasaran_pct', period, 'ratio', pbi);
  emit(out.values, region, 'gap_jkn_sasaran', period, 'count', gap);
  emit(out.values, region, 'anggaran_pbi_apbd', period, 'budget', gap, PREMI_PBI);
}

/** uhc_pct, jkn_aktif_pct and pbi_luar_sasaran: BPJS members by the BPJS row's desa. */
function kesIndicators(ctx: AsOfP) {
  const uhc = new Tally();
  const aktif = new Tally();
  const luar = new Tally();
  const seen = new Set<string>();
  for (const r of ctx.kesRows) {
    const nik = String(r.nik);
    if (seen.has(nik)) continue;
    seen.add(nik);
    const desa = String(r.kode_desa);
    uhc.addNum(desa);
    aktif.addDen(desa);
    if (r.status !== 'AKTIF') continue;
    aktif.addNum(desa);
    if (!PBI.has(String(r.segmen))) continue;
    // absent from the registry snapshot (none yet: every one), or known desil above the band
    const desil = ctx.snap?.desilOf.get(nik);
    if (desil === undefined || (desil !== null && desil > ctx.rules.pbi)) luar.addNum(desa);
  }
  for (const [desa, n] of ctx.penduduk) uhc.addDen(desa, n);
  emit(ctx.out.values, ctx.region, 'uhc_pct', ctx.period, 'ratio', uhc);
  emit(ctx.out.values, ctx.region, 'jkn_aktif_pct', ctx.period, 'ratio', aktif);
  emit(ctx.out.values, ctx.region, 'pbi_luar_sasaran', ctx.period, 'count', luar);
}

/** In the PBI band before (previous snapshot), known desil above it now, by the desa now. */
function keluarIndicator(ctx: AsOfP) {
  const keluar = new Tally();
  if (ctx.prev && ctx.snap) {
    const before = new Set(
      ctx.prev.people.filter((p) => inBand(p.desil, ctx.rules.pbi)).map((p) => p.nik),
    );
    for (const p of ctx.snap.people)
      if (p.desil !== null && p.desil > ctx.rules.pbi && before.has(p.nik)) keluar.addNum(p.desa);
  }
  emit(ctx.out.values, ctx.region, 'keluar_sasaran_pbi', ctx.period, 'count', keluar);
}

function bpuIndicators(ctx: AsOfP) {
  const bpu = new Tally();
  const gap = new Tally();
  const byDesil = new Map<string, Tally>();
  for (const p of ctx.snap!.people) {
    if (!p.pekerja) continue;
    const covered = ctx.tkAktif.has(p.nik);
    // budget_gap_by_desil lists the uncovered workers of every desil
    if (!covered) tallyOf(byDesil, String(p.desil)).addNum(p.desa);
    if (!p.rentan) continue;
    bpu.addDen(p.desa);
    if (covered) bpu.addNum(p.desa);
    else gap.addNum(p.desa);
  }
  const { out, region, period } = ctx;
  budgetRows(region, period, 'bpu', byDesil, out.budgetGaps);
  emit(out.values, region, 'bpu_rentan_pct', period, 'ratio', bpu);
  emit(out.values, region, 'gap_bpu', period, 'count', gap);
  emit(out.values, region, 'anggaran_bpu', period, 'budget', gap, PREMI_BPU);
}

function pkhIndicators(ctx: AsOfP) {
  const pkh = new Tally();
  const gap = new Tally();
  for (const [kk, h] of ctx.snap!.households) {
    if (!h.eligible) continue;
    pkh.addDen(h.desa);
    if (ctx.salur.has(kk)) pkh.addNum(h.desa);
    else gap.addNum(h.desa);
  }
  emit(ctx.out.values, ctx.region, 'pkh_pct', ctx.period, 'ratio', pkh);
  emit(ctx.out.values, ctx.region, 'gap_pkh', ctx.period, 'count', gap);
}

function puskesosIndicator(ctx: AsOfP, register: Row[]) {
  const aktif = new Set(
    register
      .filter((r) => r.status === 'AKTIF')
      .filter((r) => r.tanggal_sk === null || (dayOf(r.tanggal_sk) as number) <= ctx.end)
      .map((r) => String(r.kode_desa)),
  );
  const t = new Tally();
  for (const desa of ctx.region.desa.keys()) {
    t.addDen(desa);
    if (aktif.has(desa)) t.addNum(desa);
  }
  emit(ctx.out.values, ctx.region, 'puskesos_desa_pct', ctx.period, 'ratio', t);
}

function tallyOf(m: Map<string, Tally>, key: string): Tally {
  let t = m.get(key);
  if (!t) m.set(key, (t = new Tally()));
  return t;
}

/** budget_gap_by_desil rows of one programme: every desil (unknown too), jumlah > 0. */
function budgetRows(
  region: Region,
  period: string,
  program: string,
  byDesil: Map<string, Tally>,
  target: Map<string, number>,
) {
  for (const [desil, t] of byDesil)
    for (const area of areasOf(region)) {
      const n = area.desa.reduce((s, d) => s + (t.num.get(d) ?? 0), 0);
      if (n > 0) target.set(`${period}|${area.level}|${area.code}|${program}|${desil}`, n);
    }
}

// ---------------------------------------------------------------- data quality and lake keys

/** The keys of data-contract.md (rujukan: one version = run, file, line); the lake keeps them unique. */
export function duplicateKeys(lake: Lake): string[] {
  const month = (r: Row) => monthOfDay(dayOf(r.periode) as number);
  const keys: [string, Row[], (r: Row) => string][] = [
    ['dtks (periode, nik)', lake.dtks, (r) => `${month(r)}|${String(r.nik)}`],
    [
      'dtsen_keluarga (periode, no_kk)',
      lake.dtsenKeluarga ?? [],
      (r) => `${month(r)}|${String(r.no_kk)}`,
    ],
    [
      'dtsen_anggota (periode, nik)',
      lake.dtsenAnggota ?? [],
      (r) => `${month(r)}|${String(r.nik)}`,
    ],
    ['bpjs_kesehatan (periode, nik)', lake.bpjsKes, (r) => `${month(r)}|${String(r.nik)}`],
    ['bpjs_ketenagakerjaan (periode, nik)', lake.bpjsTk, (r) => `${month(r)}|${String(r.nik)}`],
    ['pkh (tahun, tahap, no_kk)', lake.pkh, (r) => `${r.tahun}|${r.tahap}|${String(r.no_kk)}`],
    ['penduduk (kode_desa, tahun)', lake.penduduk, (r) => `${String(r.kode_desa)}|${r.tahun}`],
    ['puskesos (kode_desa)', lake.puskesos, (r) => String(r.kode_desa)],
    [
      'rujukan (id_rujukan, _run_id, _file_seq, _line)',
      lake.rujukan,
      (r) => `${String(r.id_rujukan)}|${String(r._run_id)}|${r._file_seq}|${r._line}`,
    ],
  ];
  return keys.flatMap(([feed, rows, key]) => {
    const distinct = new Set(rows.map(key)).size;
    return distinct === rows.length ? [] : [`${feed}: ${rows.length} rows, ${distinct} keys`];
  });
}

/**
 * data_quality as warehouse/README.md defines it, over the lake's keys (one row per key, as the
 * data contract promises), keyed `sumber|periode|metric`: the feeds matched against every registry
 * snapshot, its households without desil, and every DTSEN release's members without a family row.
 */
export function dataQuality(lake: Lake, rules: OracleRules = DEFAULT_RULES): Map<string, Value> {
  const ratio = (n: number, d: number): Value => ({
    numerator: n,
    denominator: d,
    value: d ? (100 * n) / d : null,
  });
  const matched = (keys: string[], known: Set<string>) =>
    ratio(keys.filter((k) => known.has(k)).length, keys.length);
  const latestRows = (rows: Row[]) => {
    const m = byPeriode(rows);
    const last = [...m.keys()].sort().at(-1);
    return last ? [...new Set((m.get(last) as Row[]).map((r) => String(r.nik)))] : [];
  };
  const lastYear = Math.max(...lake.pkh.map((r) => Number(r.tahun)));
  const feeds = {
    rujukan_nik_in_registri: [...new Set(latestComplaintNiks(lake.rujukan))],
    bpjs_kesehatan_in_registri: latestRows(lake.bpjsKes),
    bpjs_ketenagakerjaan_in_registri: latestRows(lake.bpjsTk),
  };
  const pkhKks = [
    ...new Set(lake.pkh.filter((r) => Number(r.tahun) === lastYear).map((r) => String(r.no_kk))),
  ];
  const out = new Map<string, Value>();
  const dtks = byPeriode(lake.dtks);
  const families = byPeriode(lake.dtsenKeluarga ?? []);
  const members = byPeriode(lake.dtsenAnggota ?? []);
  // ages do not matter here: any end date will do
  const end = dayFromIso('2100-01-01');
  for (const [month, source] of registryMonths(lake)) {
    const snap =
      source === 'DTSEN'
        ? dtsenSnapshot(families.get(month) ?? [], members.get(month) ?? [], month, end, rules)
        : dtksSnapshot(dtks.get(month) ?? [], month, end, rules);
    const niks = new Set(snap.people.map((p) => p.nik));
    const kks = new Set(snap.households.keys());
    for (const [metric, keys] of Object.entries(feeds))
      out.set(`${source}|${month}|${metric}`, matched(keys, niks));
    out.set(`${source}|${month}|pkh_in_registri`, matched(pkhKks, kks));
    const hs = [...snap.households.values()];
    out.set(
      `${source}|${month}|keluarga_tanpa_desil`,
      ratio(hs.filter((h) => h.desil === null).length, hs.length),
    );
  }
  for (const [month, ms] of members) {
    const kks = new Set((families.get(month) ?? []).map((f) => String(f.no_kk)));
    out.set(
      `DTSEN|${month}|anggota_tanpa_keluarga`,
      ratio(ms.filter((m) => !kks.has(String(m.no_kk))).length, ms.length),
    );
  }
  return out;
}

function latestComplaintNiks(rows: Row[]): string[] {
  const ids = new Set(latestComplaints(rows).map((c) => c.id));
  const best = new Map<string, string>();
  // the NIK of each complaint's latest version (latestComplaints drops it to keep rows small)
  const sorted = [...rows].sort(
    (a, b) =>
      (a.diperbarui_pada as Date).getTime() - (b.diperbarui_pada as Date).getTime() ||
      (String(a._run_id) < String(b._run_id)
        ? -1
        : String(a._run_id) > String(b._run_id)
          ? 1
          : 0) ||
      Number(a._file_seq) - Number(b._file_seq) ||
      Number(a._line) - Number(b._line),
  );
  for (const r of sorted)
    if (ids.has(String(r.id_rujukan))) best.set(String(r.id_rujukan), String(r.nik));
  return [...best.values()];
}

/**
 * The default period: the newest month with registry, BPJS or referral data, not after the latest
 * complete month (the as-of month only when the as-of date is its last day).
 */
export function latestPeriod(lake: Lake, asOfIso: string): string | null {
  const asOfMonth = asOfIso.slice(0, 7);
  const complete =
    dayFromIso(asOfIso) === lastDayOfMonth(asOfMonth)
      ? asOfMonth
      : monthOfDay(dayFromIso(`${asOfMonth}-01`) - 1);
  const months = [
    ...[...lake.dtks, ...(lake.dtsenKeluarga ?? []), ...lake.bpjsKes, ...lake.bpjsTk].map((r) =>
      monthOfDay(dayOf(r.periode) as number),
    ),
    ...latestComplaints(lake.rujukan).flatMap((c) =>
      [c.keluhan, c.selesai].filter((d): d is number => d !== null).map(monthOfDay),
    ),
  ]
    .filter((m) => m <= asOfMonth)
    .sort();
  if (months.length === 0) return null;
  // no complete month with data yet: the month in progress
  if (complete < (months[0] as string)) return asOfMonth;
  const newest = months.at(-1) as string;
  return newest < complete ? newest : complete;
}

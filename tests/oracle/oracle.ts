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
  rentan: boolean;
  verified: boolean;
}

interface Household {
  desa: string;
  eligible: boolean;
}

interface Snapshot {
  people: Person[];
  households: Map<string, Household>;
  niks: Set<string>;
}

/** Persons of one DTKS periode, ages and verification on end() of that snapshot month. */
function dtksSnapshot(rows: Row[], month: string, asOf: number): Snapshot {
  const end = Math.min(lastDayOfMonth(month), asOf);
  const people: Person[] = rows.map((r) => {
    const age = ageYears(dayOf(r.tanggal_lahir) as number, end);
    const verif = dayOf(r.tanggal_verifikasi);
    return {
      nik: String(r.nik),
      idDtks: String(r.id_dtks),
      noKk: String(r.no_kk),
      desa: String(r.kode_desa),
      head: r.hubungan_keluarga === 'KEPALA_KELUARGA',
      desil: r.desil === null ? null : Number(r.desil),
      age,
      hamil: r.hamil === 'YA',
      disabBerat: r.disabilitas === 'BERAT',
      rentan: age >= 18 && age <= 59 && RENTAN_JOBS.has(String(r.pekerjaan)),
      verified: verif !== null && end - 365 <= verif && verif <= end,
    };
  });
  const members = new Map<string, Person[]>();
  for (const p of people) {
    const list = members.get(p.noKk);
    if (list) list.push(p);
    else members.set(p.noKk, [p]);
  }
  const households = new Map<string, Household>();
  for (const [kk, ms] of members) households.set(kk, household(ms));
  return { people, households, niks: new Set(people.map((p) => p.nik)) };
}

function household(ms: Person[]): Household {
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
  const needs = ms.some(
    (m) => (m.age >= 0 && m.age <= 18) || m.hamil || m.disabBerat || m.age >= 60,
  );
  return { desa, eligible: desil !== null && desil >= 1 && desil <= 4 && needs };
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
  /** jumlah_penduduk per desa, latest tahun not after P's year */
  penduduk: Map<string, number>;
  kesRows: Row[];
  kesAktif: Set<string>;
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
  dtks: ['registri_individu', 'registri_penduduk_pct', 'registri_verifikasi_pct'],
  jkn: ['pbi_sasaran_pct', 'gap_jkn_sasaran', 'anggaran_pbi_apbd', 'pbi_luar_sasaran'],
  uhc: ['uhc_pct'],
  bpu: ['bpu_rentan_pct', 'gap_bpu', 'anggaran_bpu'],
  pkh: ['pkh_pct', 'gap_pkh'],
  puskesos: ['puskesos_desa_pct'],
};

/**
 * First month of each indicator group (warehouse/README.md, "Periods per indicator"): referrals
 * from the first complaint month, the others once every feed they read has a snapshot, Puskesos
 * from the warehouse's first month. Also returns that first month (null: nothing at all).
 */
function groupStarts(
  lake: Lake,
  firstComplaint: string | null,
  feeds: { dtks: Map<string, Row[]>; kes: Map<string, Row[]>; tk: Map<string, Row[]> },
): { starts: Record<string, string | null>; warehouseFirst: string | null } {
  const first = (m: Map<string, Row[]>) => ([...m.keys()].sort()[0] ?? null) as string | null;
  const pkhYears = lake.pkh.map((r) => Number(r.tahun));
  const firstPkh = pkhYears.length ? `${Math.min(...pkhYears)}-01` : null;
  const allOf = (...ms: (string | null)[]) =>
    ms.some((m) => m === null) ? null : ([...(ms as string[])].sort().at(-1) as string);
  const [dtks, kes, tk] = [first(feeds.dtks), first(feeds.kes), first(feeds.tk)];
  const monthly = [firstComplaint, dtks, kes, tk].filter((m): m is string => m !== null).sort();
  const warehouseFirst = monthly[0] ?? firstPkh;
  const starts = {
    rujukan: firstComplaint,
    dtks,
    jkn: allOf(dtks, kes),
    uhc: kes,
    bpu: allOf(dtks, tk),
    pkh: allOf(dtks, firstPkh),
    puskesos: lake.puskesos.length ? warehouseFirst : null,
  };
  return { starts, warehouseFirst };
}

export function computeOracle(lake: Lake, region: Region, asOfIso: string): OracleResult {
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
    kes: byPeriode(lake.bpjsKes),
    tk: byPeriode(lake.bpjsTk),
  };
  const { starts, warehouseFirst } = groupStarts(lake, firstComplaint, feeds);
  for (const [group, ids] of Object.entries(GROUPS))
    for (const id of ids) out.firstPeriod.set(id, starts[group] ?? null);
  if (!warehouseFirst) return out;

  const snapshots = new Map<string, Snapshot>();
  const snapshot = (month: string) => {
    let s = snapshots.get(month);
    if (!s) snapshots.set(month, (s = dtksSnapshot(feeds.dtks.get(month) ?? [], month, asOf)));
    return s;
  };
  for (const period of monthsBetween(warehouseFirst, asOfIso.slice(0, 7))) {
    const active = (group: string) => starts[group] != null && (starts[group] as string) <= period;
    const end = Math.min(lastDayOfMonth(period), asOf);
    if (active('rujukan')) rujukanPeriod(complaints, region, period, end, out);
    const dtksMonth = latestNotAfter([...feeds.dtks.keys()], period);
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
      snap: dtksMonth ? snapshot(dtksMonth) : null,
      penduduk: pendudukOf(lake.penduduk, year),
      kesRows,
      kesAktif: aktif(kesRows),
      kesPbi: aktif(kesRows, PBI),
      tkAktif: aktif(tkRows),
      salur: new Set(
        lake.pkh
          .filter((r) => Number(r.tahun) === year && r.status_salur === 'SALUR')
          .map((r) => String(r.no_kk)),
      ),
    };
    if (active('dtks')) dtksIndicators(ctx);
    if (active('jkn')) jknIndicators(ctx);
    if (active('uhc')) uhcIndicator(ctx);
    if (active('bpu')) bpuIndicators(ctx);
    if (active('pkh')) pkhIndicators(ctx);
    if (active('puskesos')) puskesosIndicator(ctx, lake.puskesos);
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

function dtksIndicators(ctx: AsOfP) {
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
  emit(ctx.out.values, ctx.region, 'registri_verifikasi_pct', ctx.period, 'ratio', verif);
}

function jknIndicators(ctx: AsOfP) {
  const snap = ctx.snap!;
  const pbi = new Tally();
  const gap = new Tally();
  const byDesil = new Map<string, Tally>();
  for (const p of snap.people) {
    pbi.addDen(p.desa);
    if (ctx.kesPbi.has(p.nik)) pbi.addNum(p.desa);
    if (ctx.kesAktif.has(p.nik)) continue;
    if (p.desil !== null && p.desil >= 1 && p.desil <= 4) gap.addNum(p.desa);
    tallyOf(byDesil, String(p.desil)).addNum(p.desa);
  }
  // PBI NIKs absent from the whole snapshot, counted once per NIK in the BPJS row's desa
  const luar = new Tally();
  const seen = new Set<string>();
  for (const r of ctx.kesRows) {
    const nik = String(r.nik);
    if (!ctx.kesPbi.has(nik) || snap.niks.has(nik) || seen.has(nik)) continue;
    if (r.status !== 'AKTIF' || !PBI.has(String(r.segmen))) continue;
    seen.add(nik);
    luar.addNum(String(r.kode_desa));
  }
  const { out, region, period } = ctx;
  budgetRows(region, period, 'jkn', byDesil, out.budgetGaps);
  emit(out.values, region, 'pbi_sasaran_pct', period, 'ratio', pbi);
  emit(out.values, region, 'gap_jkn_sasaran', period, 'count', gap);
  emit(out.values, region, 'anggaran_pbi_apbd', period, 'budget', gap, PREMI_PBI);
  emit(out.values, region, 'pbi_luar_sasaran', period, 'count', luar);
}

function uhcIndicator(ctx: AsOfP) {
  const uhc = new Tally();
  const seen = new Set<string>();
  for (const r of ctx.kesRows) {
    const nik = String(r.nik);
    if (r.status !== 'AKTIF' || seen.has(nik)) continue;
    seen.add(nik);
    uhc.addNum(String(r.kode_desa));
  }
  for (const [desa, n] of ctx.penduduk) uhc.addDen(desa, n);
  emit(ctx.out.values, ctx.region, 'uhc_pct', ctx.period, 'ratio', uhc);
}

function bpuIndicators(ctx: AsOfP) {
  const bpu = new Tally();
  const gap = new Tally();
  const byDesil = new Map<string, Tally>();
  for (const p of ctx.snap!.people) {
    if (!p.rentan) continue;
    bpu.addDen(p.desa);
    if (ctx.tkAktif.has(p.nik)) {
      bpu.addNum(p.desa);
      continue;
    }
    gap.addNum(p.desa);
    tallyOf(byDesil, String(p.desil)).addNum(p.desa);
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
 * data contract promises): matched against the latest DTKS snapshot.
 */
export function dataQuality(lake: Lake): Map<string, Value> {
  const dtks = byPeriode(lake.dtks);
  const latest = [...dtks.keys()].sort().at(-1);
  const people = latest ? (dtks.get(latest) as Row[]) : [];
  const niks = new Set(people.map((r) => String(r.nik)));
  const kks = new Set(people.map((r) => String(r.no_kk)));
  const ratio = (keys: string[], known: Set<string>): Value => {
    const n = keys.filter((k) => known.has(k)).length;
    return {
      numerator: n,
      denominator: keys.length,
      value: keys.length ? (100 * n) / keys.length : null,
    };
  };
  const latestRows = (rows: Row[]) => {
    const m = byPeriode(rows);
    const last = [...m.keys()].sort().at(-1);
    return last ? [...new Set((m.get(last) as Row[]).map((r) => String(r.nik)))] : [];
  };
  const lastYear = Math.max(...lake.pkh.map((r) => Number(r.tahun)));
  return new Map([
    ['rujukan_nik_in_dtks', ratio([...new Set(latestComplaintNiks(lake.rujukan))], niks)],
    ['bpjs_kesehatan_in_dtks', ratio(latestRows(lake.bpjsKes), niks)],
    ['bpjs_ketenagakerjaan_in_dtks', ratio(latestRows(lake.bpjsTk), niks)],
    [
      'pkh_in_dtks',
      ratio(
        [
          ...new Set(
            lake.pkh.filter((r) => Number(r.tahun) === lastYear).map((r) => String(r.no_kk)),
          ),
        ],
        kks,
      ),
    ],
  ]);
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

/** The default period: the newest month with DTKS, BPJS or referral data, not after as-of. */
export function latestPeriod(lake: Lake, asOfIso: string): string | null {
  const months = [
    ...[...lake.dtks, ...lake.bpjsKes, ...lake.bpjsTk].map((r) =>
      monthOfDay(dayOf(r.periode) as number),
    ),
    ...latestComplaints(lake.rujukan).flatMap((c) =>
      [c.keluhan, c.selesai].filter((d): d is number => d !== null).map(monthOfDay),
    ),
  ].filter((m) => m <= asOfIso.slice(0, 7));
  return months.length ? (months.sort().at(-1) as string) : null;
}

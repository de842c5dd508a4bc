/**
 * `npm run demo-data`: a realistic inbox for Kabupaten Kapuas over a window of months, in the
 * layout of the data contract, with the dirt real exports carry. Deterministic for a given seed,
 * scale, end month and window; streams one desa at a time so --scale 50 fits in memory.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  ageOn,
  dmy,
  firstDay,
  iso,
  lastDay,
  monthLabel,
  monthNumber,
  monthYear,
  parseMonth,
  todayWib,
  ymd,
  type MonthIndex,
} from './dates.js';
import { damage, pushWithDirt, type DirtPlan } from './dirt.js';
import { anggotaRow, keluargaRow, openDtsenRelease, type DtsenRelease } from './dtsen.js';
import { KABUPATEN, loadKapuas, neighbourVillages, type Desa, type Kecamatan } from './kapuas.js';
import { Rng } from './random.js';
import { writeRujukan } from './rujukan.js';
import { CsvSink, MappedSink, XlsxSink, type RowSink, type XlsxCell } from './sinks.js';
import {
  buildDesaWorld,
  INFORMAL_JOBS,
  NikRegistry,
  pekerjaan,
  type DesaWorld,
  type DtsenRank,
  type Household,
  type Person,
  type Resident,
} from './world.js';

export interface DemoOptions {
  out: string;
  seed?: number;
  scale?: number;
  /** Last month, `YYYY-MM`; default the current month in WIB. */
  end?: string;
  /** Length of the window in months; default 24. */
  months?: number;
  /**
   * The kabupaten/kota, `NN.NN`; default Kapuas (62.03). Another one gets its real desa with a
   * plain profile (kapuas.ts), for a province demo (docs/exchange.md).
   */
  region?: string;
  onProgress?: (feed: string, rows: number) => void;
  /** Clock for "today" (tests); default Date.now(). */
  now?: number;
}

export interface DemoResult {
  files: string[];
  rows: Record<string, number>;
}

export const FEEDS = [
  'penduduk',
  'dtks',
  'dtsen',
  'bpjs_kesehatan',
  'bpjs_ketenagakerjaan',
  'pkh',
  'puskesos',
  'rujukan',
] as const;

/** The oldest DTKS snapshot comes split per kecamatan; this one as .xlsx. */
const XLSX_KECAMATAN = '62.03.15';
/** Share at the oldest snapshot; births and registrations nudge it up a little afterwards. */
const DTKS_SHARE = 0.39;

interface Plan {
  seed: number;
  scale: number;
  region: string;
  firstMonth: MonthIndex;
  endMonth: MonthIndex;
  months: number;
  maxDay: number;
  snapMonths: MonthIndex[];
  snapDays: number[];
  /**
   * The snapshots from this index on are DTSEN releases, not DTKS exports: the last two of the
   * window (the registry switches mid-window), never the first.
   */
  dtsenFrom: number;
  years: number[];
}

export class DemoOptionsError extends Error {}

export function resolvePlan(opts: DemoOptions): Plan {
  const seed = opts.seed ?? 1;
  const scale = opts.scale ?? 1;
  const months = opts.months ?? 24;
  if (!opts.out) throw new DemoOptionsError('--out DIR wajib diisi (folder inbox tujuan)');
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new DemoOptionsError(`--seed harus bilangan bulat 0..4294967295, bukan ${seed}`);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1000)
    throw new DemoOptionsError(`--scale harus angka > 0 dan ≤ 1000, bukan ${scale}`);
  if (!Number.isInteger(months) || months < 1 || months > 120)
    throw new DemoOptionsError(`--months harus bilangan bulat 1..120, bukan ${months}`);
  const today = todayWib(opts.now);
  const { y, m } = ymd(today);
  const currentMonth = y * 12 + m - 1;
  const endMonth = opts.end === undefined ? currentMonth : parseMonth(opts.end);
  if (endMonth === null)
    throw new DemoOptionsError(`--end harus berbentuk YYYY-MM, bukan "${opts.end}"`);
  if (endMonth > currentMonth)
    throw new DemoOptionsError(
      `--end ${opts.end} ada di masa depan; bulan terakhir paling lambat ${monthLabel(currentMonth)}`,
    );
  const firstMonth = endMonth - months + 1;
  const maxDay = endMonth === currentMonth ? today : lastDay(endMonth);
  const snapMonths: MonthIndex[] = [];
  for (let i = 0; i < months; i += 6) snapMonths.push(firstMonth + i);
  const years: number[] = [];
  for (let yr = monthYear(firstMonth); yr <= monthYear(endMonth); yr++) years.push(yr);
  const region = opts.region ?? KABUPATEN;
  if (!/^\d{2}\.\d{2}$/.test(region))
    throw new DemoOptionsError(`--region harus kode kabupaten/kota NN.NN, bukan "${region}"`);
  return {
    seed,
    scale,
    region,
    firstMonth,
    endMonth,
    months,
    maxDay,
    snapMonths,
    dtsenFrom: snapMonths.length < 2 ? snapMonths.length : Math.max(1, snapMonths.length - 2),
    snapDays: snapMonths.map((mi) => Math.min(lastDay(mi), maxDay)),
    years,
  };
}

export async function generateDemoInbox(opts: DemoOptions): Promise<DemoResult> {
  const plan = resolvePlan(opts);
  const kecamatan = loadKapuas(plan.seed, plan.scale, plan.region);
  const desa = kecamatan.flatMap((k) => k.desa);
  const files: string[] = [];
  const rows: Record<string, number> = Object.fromEntries(FEEDS.map((f) => [f, 0]));
  const done = (feed: string, sink: RowSink): void => {
    files.push(sink.path);
    rows[feed] = (rows[feed] ?? 0) + sink.rows;
    opts.onProgress?.(feed, rows[feed] ?? 0);
  };
  for (const feed of FEEDS) await mkdir(path.join(opts.out, feed), { recursive: true });

  await writePenduduk(plan, desa, opts.out, (s) => done('penduduk', s));
  const puskesosFrom = await writePuskesos(plan, desa, opts.out, (s) => done('puskesos', s));
  const nikPool = await writePeople(plan, kecamatan, opts.out, done, opts.onProgress, rows);
  await writeRujukan(
    {
      seed: plan.seed,
      scale: plan.scale,
      desa,
      firstMonth: plan.firstMonth,
      months: plan.months,
      maxDay: plan.maxDay,
      puskesosFrom,
      nikPool,
      dir: path.join(opts.out, 'rujukan'),
    },
    (s) => done('rujukan', s),
  );
  files.sort();
  return { files, rows };
}

// ---------------------------------------------------------------- penduduk

async function writePenduduk(
  plan: Plan,
  desa: Desa[],
  out: string,
  done: (s: RowSink) => void,
): Promise<void> {
  const rng = new Rng(plan.seed, 'penduduk');
  const refYear = plan.years[Math.floor((plan.years.length - 1) / 2)] as number;
  for (const [i, year] of plan.years.entries()) {
    const semicolon = i % 2 === 1;
    const header = semicolon
      ? ['KODE_DESA', 'TAHUN', 'JUMLAH_PENDUDUK', 'JUMLAH_KK']
      : ['Kode Desa', 'Tahun', 'Jumlah Penduduk', 'Jumlah KK'];
    const sink = new CsvSink(path.join(out, 'penduduk', `penduduk_${year}.csv`), header, {
      delimiter: semicolon ? ';' : ',',
      bom: semicolon,
    });
    const lines: string[][] = [];
    for (const d of desa) {
      const jumlah = Math.round(d.penduduk * (1 + 0.009 * (year - refYear)));
      const kk = Math.max(
        1,
        Math.round(jumlah / (3.4 + 0.6 * d.kecamatan.remote + 0.3 * rng.next())),
      );
      const code = rng.chance(0.5) ? d.code : d.code.replaceAll('.', '');
      lines.push([code, String(year), thousands(jumlah, semicolon), String(kk)]);
    }
    // Dirt: a desa code that does not exist and a desa reported twice (the second is DUPLIKAT).
    const unknown = [...(lines[3] as string[])];
    damage.unknownDesa(0)(unknown, rng);
    lines.splice(10, 0, unknown);
    lines.push([...(lines[rng.int(0, desa.length - 1)] as string[])]);
    for (const l of lines) sink.push(l);
    await sink.close();
    done(sink);
  }
}

/** `12.450`: Indonesian thousands separators, as typed in some Disdukcapil spreadsheets. */
function thousands(n: number, dotted: boolean): string {
  return dotted ? n.toLocaleString('en-US').replaceAll(',', '.') : String(n);
}

// ---------------------------------------------------------------- puskesos

const PILOTS: Record<string, number> = { '62.03.01.1010': 2019, '62.03.06.2001': 2020 };

/** Writes the register; returns the day each desa's Puskesos became active (for rujukan). */
async function writePuskesos(
  plan: Plan,
  desa: Desa[],
  out: string,
  done: (s: RowSink) => void,
): Promise<Map<string, number>> {
  const rng = new Rng(plan.seed, 'puskesos');
  const sink = new CsvSink(
    path.join(out, 'puskesos', 'puskesos_register.csv'),
    ['Kode Desa', 'Nama Puskesos', 'Status', 'Tanggal SK'],
    { delimiter: ',' },
  );
  const activeFrom = new Map<string, number>();
  const windowStart = firstDay(plan.firstMonth);
  const without: Desa[] = [];
  for (const d of desa) {
    const pilotYear = PILOTS[d.code];
    const nama = `Puskesos ${d.name}`;
    if (pilotYear !== undefined) {
      const sk = firstDay(pilotYear * 12 + rng.int(0, 11)) + rng.int(0, 27);
      sink.push([d.code, nama, 'AKTIF', dmy(sk)]);
      activeFrom.set(d.code, sk);
      continue;
    }
    if (!rng.chance(0.5 - 0.25 * d.kecamatan.remote)) {
      without.push(d);
      continue;
    }
    const duringWindow = rng.chance(0.45);
    const sk = duringWindow
      ? rng.int(windowStart, plan.maxDay)
      : rng.int(firstDay(2018 * 12), windowStart - 1);
    const aktif = rng.chance(0.85);
    const skText = !duringWindow && rng.chance(0.1) ? '' : rng.chance(0.8) ? dmy(sk) : iso(sk);
    sink.push([d.code, nama, aktif ? 'AKTIF' : 'TIDAK AKTIF', skText]);
    if (aktif) activeFrom.set(d.code, skText === '' ? 0 : sk);
  }
  // Dirt: unknown status, an impossible SK date, and one desa entered twice (first row wins).
  const [a, b] = [without[0], without[1]];
  if (a) sink.push([a.code, `Puskesos ${a.name}`, 'BELUM AKTIF', '']);
  if (b) sink.push([b.code, `Puskesos ${b.name}`, 'AKTIF', '31/02/2023']);
  const first = [...activeFrom.keys()].find((c) => PILOTS[c] === undefined);
  if (first) sink.push([first, `Puskesos Desa ${first}`, 'TIDAK_AKTIF', '']);
  await sink.close();
  done(sink);
  return activeFrom;
}

// ---------------------------------------------------------------- people feeds

type Done = (feed: string, sink: RowSink) => void;

interface PeopleSinks {
  /** Per snapshot: a DTKS export (null from plan.dtsenFrom on, and for the split oldest one). */
  dtks: (RowSink | null)[];
  /** Per snapshot: a DTSEN release (null before plan.dtsenFrom). */
  dtsen: (DtsenRelease | null)[];
  jkn: RowSink[];
  tk: RowSink[];
  pkh: Map<number, RowSink>;
  plans: Map<RowSink, DirtPlan>;
}

/**
 * DTKS, BPJS Kesehatan, BPJS Ketenagakerjaan and PKH, desa by desa, all files open at once.
 * Returns, per desa, a sample of NIKs that complaints can name.
 */
async function writePeople(
  plan: Plan,
  kecamatan: Kecamatan[],
  out: string,
  done: Done,
  onProgress: DemoOptions['onProgress'],
  totals: Record<string, number>,
): Promise<Map<string, string[]>> {
  const sinks = openPeopleSinks(plan, out);
  const registry = new NikRegistry();
  const pool = new Map<string, string[]>();
  const share = dtksShares(kecamatan);
  const desaByCode = new Map(kecamatan.flatMap((k) => k.desa).map((d) => [d.code, d]));
  let totalPenduduk = 0;
  for (const kec of kecamatan) {
    const oldest =
      plan.dtsenFrom > 0 ? openOldestDtks(plan, out, kec, sinks.plans, desaByCode) : null;
    sinks.dtks[0] = oldest;
    for (const d of kec.desa) {
      totalPenduduk += d.penduduk;
      const world = buildDesaWorld(
        d,
        {
          seed: plan.seed,
          snapDays: plan.snapDays,
          dtsenFrom: plan.dtsenFrom,
          dtksShare: share(d),
        },
        registry,
      );
      await emitDesa(plan, d, world, sinks);
      pool.set(d.code, nikSample(plan.seed, d, world.households, world.residents));
    }
    if (oldest) {
      await oldest.close();
      done('dtks', oldest);
    }
    if (onProgress) {
      const dtsen = sinks.dtsen.flatMap((r) => (r ? [r.keluarga, r.anggota] : []));
      for (const [feed, list] of [
        ['dtks', sinks.dtks.slice(1)],
        ['dtsen', dtsen],
        ['bpjs_kesehatan', sinks.jkn],
        ['bpjs_ketenagakerjaan', sinks.tk],
        ['pkh', [...sinks.pkh.values()]],
      ] as const) {
        onProgress(feed, (totals[feed] ?? 0) + list.reduce((n, s) => n + (s?.rows ?? 0), 0));
      }
    }
  }
  emitNeighbours(plan, sinks, totalPenduduk);
  for (const s of sinks.dtks.slice(1)) if (s) await closeInto('dtks', s, done);
  for (const r of sinks.dtsen) {
    if (!r) continue;
    await closeInto('dtsen', r.keluarga, done);
    await closeInto('dtsen', r.anggota, done);
  }
  for (const s of sinks.jkn) await closeInto('bpjs_kesehatan', s, done);
  for (const s of sinks.tk) await closeInto('bpjs_ketenagakerjaan', s, done);
  for (const s of sinks.pkh.values()) await closeInto('pkh', s, done);
  return pool;
}

async function closeInto(feed: string, sink: RowSink, done: Done): Promise<void> {
  await sink.close();
  done(feed, sink);
}

function allSinks(s: PeopleSinks): RowSink[] {
  return [
    ...s.dtks.filter((x): x is RowSink => x !== null),
    ...s.dtsen.flatMap((r) => (r ? [r.keluarga, r.anggota] : [])),
    ...s.jkn,
    ...s.tk,
    ...s.pkh.values(),
  ];
}

/** Poorer, remoter kecamatan have a larger DTKS share; the weighted mean is 40%. */
function dtksShares(kecamatan: Kecamatan[]): (d: Desa) => number {
  const raw = (d: Desa): number => 0.33 + 0.16 * d.kecamatan.remote;
  let pop = 0;
  let reg = 0;
  for (const d of kecamatan.flatMap((k) => k.desa)) {
    pop += d.penduduk;
    reg += d.penduduk * raw(d);
  }
  const factor = (DTKS_SHARE * pop) / reg;
  return (d) => raw(d) * factor;
}

// DTKS columns, one order for every file: only names and value styles differ.
const DTKS_COLS = {
  periode: 0,
  id: 1,
  nik: 2,
  noKk: 3,
  nama: 4,
  desa: 5,
  lahir: 6,
  jk: 7,
  hubungan: 8,
  desil: 9,
  disabilitas: 10,
  hamil: 11,
  pekerjaan: 12,
  verifikasi: 13,
} as const;

const DTKS_HEADERS = {
  siks: [
    'PERIODE',
    'ID DTKS',
    'NIK',
    'NO KK',
    'NAMA',
    'KODE DESA',
    'TANGGAL LAHIR',
    'JENIS KELAMIN',
    'HUBUNGAN KELUARGA',
    'DESIL',
    'DISABILITAS',
    'HAMIL',
    'PEKERJAAN',
    'TANGGAL VERIFIKASI',
    'ALAMAT',
  ],
  upper: [
    'PERIODE',
    'ID_DTKS',
    'NIK',
    'NO_KK',
    'NAMA',
    'KODE_DESA',
    'TANGGAL_LAHIR',
    'JENIS_KELAMIN',
    'HUBUNGAN_KELUARGA',
    'DESIL',
    'DISABILITAS',
    'HAMIL',
    'PEKERJAAN',
    'TANGGAL_VERIFIKASI',
  ],
  kebab: [
    'periode',
    'id-dtks',
    'nik',
    'no-kk',
    'nama',
    'kode-desa',
    'tanggal-lahir',
    'jenis-kelamin',
    'hubungan-keluarga',
    'desil',
    'disabilitas',
    'hamil',
    'pekerjaan',
    'tanggal-verifikasi',
  ],
};

type DtksStyle = 'siks' | 'upper' | 'kebab';

function dtksStyle(s: number): DtksStyle {
  return s === 0 ? 'siks' : s % 2 === 1 ? 'upper' : 'kebab';
}

function dtksPlan(seed: number, label: string): DirtPlan {
  const c = DTKS_COLS;
  return {
    rng: new Rng(seed, `dtks:kotor:${label}`),
    rate: 0.003,
    damages: [
      damage.nikScientific(c.nik),
      damage.nikShort(c.nik),
      damage.empty(c.nik),
      damage.nikScientific(c.noKk),
      damage.unknownDesa(c.desa),
      damage.impossibleDate(c.lahir),
      damage.value(c.hubungan, 'PEMBANTU', 'KEPONAKAN'),
      damage.value(c.desil, '0', '11'),
      damage.value(c.jk, 'X'),
    ],
    duplicateShare: 0.2,
  };
}

function openPeopleSinks(plan: Plan, out: string): PeopleSinks {
  const plans = new Map<RowSink, DirtPlan>();
  const dtks: (RowSink | null)[] = plan.snapMonths.map((mi, s) => {
    if (s === 0 || s >= plan.dtsenFrom) return null;
    const sink = new CsvSink(
      path.join(out, 'dtks', `dtks_kapuas_${monthLabel(mi)}.csv`),
      DTKS_HEADERS[dtksStyle(s)],
      { delimiter: ',' },
    );
    plans.set(sink, dtksPlan(plan.seed, monthLabel(mi)));
    return sink;
  });
  const jkn = plan.snapMonths.map((mi, s) => {
    const tab = s === 1 || plan.snapMonths.length === 1;
    const sink = tab
      ? new CsvSink(
          path.join(out, 'bpjs_kesehatan', `jkn_${monthLabel(mi)}.txt`),
          ['PERIODE', 'NIK', 'KODE_DESA', 'SEGMEN', 'STATUS'],
          { delimiter: '\t', crlf: true },
        )
      : new CsvSink(
          path.join(out, 'bpjs_kesehatan', `jkn_${monthLabel(mi)}.csv`),
          ['periode', 'nik', 'kode_desa', 'segmen', 'status'],
          { delimiter: ',' },
        );
    plans.set(sink, {
      rng: new Rng(plan.seed, `jkn:kotor:${s}`),
      rate: 0.002,
      damages: [
        damage.value(3, 'KELAS 3', 'KELAS III', 'MANDIRI'),
        damage.nikScientific(1),
        damage.empty(4),
        damage.unknownDesa(2),
        damage.value(0, `${monthYear(mi)}13`),
      ],
      duplicateShare: 0.25,
    });
    return sink;
  });
  const tk = plan.snapMonths.map((mi, s) => {
    const sink = new CsvSink(
      path.join(out, 'bpjs_ketenagakerjaan', `bpjstk_${monthLabel(mi)}.csv`),
      s % 2 === 0
        ? ['periode', 'nik', 'kode_desa', 'kategori', 'status']
        : ['Periode', 'NIK', 'kode-desa', 'Kategori', 'Status Kepesertaan', 'Status'],
      { delimiter: '|' },
    );
    plans.set(sink, {
      rng: new Rng(plan.seed, `tk:kotor:${s}`),
      rate: 0.003,
      damages: [
        damage.nikShort(1),
        damage.value(3, 'MANDIRI', 'PENERIMA UPAH'),
        damage.empty(2),
        damage.unknownDesa(2),
      ],
      duplicateShare: 0.25,
    });
    return sink;
  });
  const pkh = new Map<number, RowSink>();
  for (const [i, year] of plan.years.entries()) {
    const sink = new CsvSink(
      path.join(out, 'pkh', `pkh_${year}.csv`),
      i % 2 === 0
        ? ['tahun', 'tahap', 'no_kk', 'kode_desa', 'status_salur', 'nominal']
        : ['Tahun', 'Tahap', 'No KK', 'Kode Desa', 'Status Salur', 'Nominal Bantuan'],
      { delimiter: i % 2 === 0 ? ',' : ';', bom: i % 2 === 1 },
    );
    plans.set(sink, {
      rng: new Rng(plan.seed, `pkh:kotor:${year}`),
      rate: 0.004,
      damages: [
        damage.nikScientific(2),
        damage.value(1, '5', 'IV'),
        damage.value(4, 'PROSES', 'RETUR'),
        damage.empty(3),
      ],
      duplicateShare: 0.3,
    });
    pkh.set(year, sink);
  }
  const dtsen = plan.snapMonths.map((mi, s) =>
    s < plan.dtsenFrom ? null : openDtsenRelease(out, s, s - plan.dtsenFrom, mi, plan.region),
  );
  return { dtks, dtsen, jkn, tk, pkh, plans };
}

/**
 * The oldest snapshot, split per kecamatan: SIKS-NG's legacy export (its own headers, areas by
 * name instead of code, periode only in the file name), one kecamatan as .xlsx with codes.
 */
function openOldestDtks(
  plan: Plan,
  out: string,
  kec: Kecamatan,
  plans: Map<RowSink, DirtPlan>,
  desaByCode: Map<string, Desa>,
): RowSink {
  const label = monthLabel(plan.snapMonths[0] as MonthIndex);
  const slug = kec.name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  const base = path.join(out, 'dtks', `dtks_${label}_kec_${kec.code.replaceAll('.', '')}_${slug}`);
  const sink: RowSink =
    kec.code === XLSX_KECAMATAN
      ? new XlsxSink(
          `${base}.xlsx`,
          DTKS_HEADERS.siks,
          xlsxCells(plan.seed),
          [DTKS_COLS.lahir, DTKS_COLS.verifikasi],
          1,
        )
      : new MappedSink(
          new CsvSink(`${base}.csv`, LEGACY_HEADER, { delimiter: ';', bom: true, crlf: true }),
          legacyRow(kec, desaByCode, new Rng(plan.seed, `siks-ng:${kec.code}`)),
        );
  plans.set(sink, dtksPlan(plan.seed, `${label}:${kec.code}`));
  return sink;
}

/** SIKS-NG's legacy DTKS export: its header spellings, and the area as kecamatan + desa names. */
const LEGACY_HEADER = [
  'IDDTKS',
  'Nokk',
  'NIK ART',
  'Nama',
  'Tgl_Lahir',
  'Jenis_Kelamin',
  'Hub_Keluarga',
  'Kecamatan',
  'Desa_Kelurahan',
  'Alamat',
  'Desil',
  'Disabilitas',
  'Hamil',
  'Pekerjaan',
  'Tanggal_Verifikasi',
];

/**
 * A DTKS row (the `siks` columns) as the legacy export writes it. A desa code the dirt made
 * unknown becomes a misspelt desa name (no desa of that name: KODE_WILAYAH_TIDAK_DIKENAL); some
 * names carry a `KEC.` / `DESA` / `KEL.` prefix, which the name rule drops.
 */
function legacyRow(
  kec: Kecamatan,
  desaByCode: Map<string, Desa>,
  rng: Rng,
): (values: readonly string[]) => string[] {
  const c = DTKS_COLS;
  return (v) => {
    const code = v[c.desa] ?? '';
    const known = desaByCode.get(code);
    let desa: string;
    if (known) {
      const prefix = known.kelurahan ? 'KEL. ' : 'DESA ';
      const name = known.name.toUpperCase();
      desa = rng.chance(0.05) ? prefix + name : name;
    } else {
      // The dirt replaced the kecamatan digits by 99: the desa of this file, misspelt.
      const name = (desaByCode.get(`${kec.code}${code.slice(8)}`)?.name ?? code).toUpperCase();
      desa = `${name}${name.slice(-1)}`;
    }
    const kecName = kec.name.toUpperCase();
    const kecamatan = rng.chance(0.05) ? `KEC. ${kecName}` : kecName;
    return [
      v[c.id],
      v[c.noKk],
      v[c.nik],
      v[c.nama],
      v[c.lahir],
      v[c.jk],
      v[c.hubungan],
      kecamatan,
      desa,
      v[LEGACY_ALAMAT],
      v[c.desil],
      v[c.disabilitas],
      v[c.hamil],
      v[c.pekerjaan],
      v[c.verifikasi],
    ].map((x) => x ?? '');
  };
}

/** Position of `ALAMAT` in the `siks` columns. */
const LEGACY_ALAMAT = 14;

/** Dates become date cells; some NIKs were typed into a number-formatted column. */
function xlsxCells(seed: number): (values: readonly string[]) => XlsxCell[] {
  const rng = new Rng(seed, 'xlsx-sel');
  return (values) =>
    values.map((v, i): XlsxCell => {
      if (i === DTKS_COLS.lahir || i === DTKS_COLS.verifikasi) return parseDmy(v) ?? v;
      if (i === DTKS_COLS.nik && /^\d{16}$/.test(v) && rng.chance(0.3)) return Number(v);
      if (i === DTKS_COLS.desil && /^\d+$/.test(v)) return Number(v);
      return v;
    });
}

function parseDmy(v: string): Date | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 ? date : null;
}

async function emitDesa(plan: Plan, d: Desa, world: DesaWorld, sinks: PeopleSinks): Promise<void> {
  const { households, residentHouseholds } = world;
  const remote = d.kecamatan.remote;
  const rng = new Rng(plan.seed, `status:${d.code}`);
  const rows = new Rng(plan.seed, `dtsen-baris:${d.code}`);
  // A kelurahan at --scale 50 has hundreds of thousands of people: drain after every snapshot.
  const drain = (): Promise<unknown> => Promise.all(allSinks(sinks).map((x) => x.flush()));
  for (let s = 0; s < plan.snapMonths.length; s++) {
    const dtks = sinks.dtks[s] ?? null;
    const release = sinks.dtsen[s] ?? null;
    const jkn = sinks.jkn[s] as RowSink;
    const tk = sinks.tk[s] as RowSink;
    const day = plan.snapDays[s] as number;
    const mi = plan.snapMonths[s] as MonthIndex;
    const family = familyWriter(release, d, rows);
    const person = (
      noKk: string,
      p: Person,
      job: string,
      seg: Jkn | null,
      kat: string | null,
    ): void => {
      if (seg)
        pushWithDirt(jkn, jknRow(s, mi, p.nik, d.code, seg, rng), sinks.plans.get(jkn) ?? null);
      if (kat) pushWithDirt(tk, tkRow(s, mi, p.nik, d.code, kat, rng), sinks.plans.get(tk) ?? null);
      family?.member(noKk, p, job, seg, ((p.hamil >> s) & 1) === 1);
    };
    for (const hh of households) {
      if (hh.from > s || hh.to <= s) continue;
      const rank = hh.dtsen[s] ?? null;
      for (const p of hh.members) {
        if (p.from > s || p.to <= s) continue;
        const age = ageOn(p.birth, day);
        const job = pekerjaan(p, age);
        if (dtks)
          pushWithDirt(dtks, dtksRow(plan, s, d, hh, p, job, rng), sinks.plans.get(dtks) ?? null);
        const desil = hh.desil[s] ?? null;
        const seg = dtsenBand(jknDtks(p, desil, remote, s, job, age), release, rank, remote, rng);
        person(hh.noKk, p, job, seg, tkDtks(p, remote, s, job, age));
      }
      family?.close(hh.noKk, rank);
    }
    for (const rh of residentHouseholds) {
      const rank = rh.dtsen[s] ?? null;
      for (const r of rh.members) {
        const age = ageOn(r.birth, day);
        const seg = dtsenBand(jknResident(r, remote, s, age), release, rank, remote, rng);
        person(rh.noKk, r, residentJob(r, age), seg, tkResident(r, age));
      }
      family?.close(rh.noKk, rank);
    }
    await drain();
  }
  emitPkh(plan, d, households, sinks, rng);
  await drain();
}

/** A resident's job: the formal earners of the BPJS model work as employees. */
function residentJob(r: Resident, age: number): string {
  if (r.formal) return r.uJob < 0.85 ? 'KARYAWAN' : 'PNS_TNI_POLRI';
  return pekerjaan(r, age);
}

/**
 * In a DTSEN month after the first release, PBI memberships move on the desil rule (PBI-JK for
 * desil 1–5): half the members outside the band are deactivated, some people in the band without
 * PBI are enrolled (fewer upriver).
 */
function dtsenBand(
  j: Jkn | null,
  release: DtsenRelease | null,
  rank: DtsenRank | null,
  remote: number,
  rng: Rng,
): Jkn | null {
  if (!release || release.k === 0) return j;
  const band = rank !== null && rank.nasional <= 5;
  const pbi = j?.segmen.startsWith('PBI') ?? false;
  if (j && pbi && !band && rng.chance(0.5)) return { segmen: j.segmen, status: 'NONAKTIF' };
  if (!pbi && band && rng.chance(0.3 - 0.15 * remote))
    return { segmen: rng.chance(0.8) ? 'PBI_APBN' : 'PBI_APBD', status: 'AKTIF' };
  return j;
}

/**
 * Collects one family's member rows of a DTSEN release and writes the family row after them, with
 * the PBI flags of its members; a few families have no row (their members are "without family").
 */
function familyWriter(release: DtsenRelease | null, d: Desa, rng: Rng) {
  if (!release) return null;
  let head = '';
  let pbi = { nas: false, pemda: false };
  let members = 0;
  return {
    member(noKk: string, p: Person, job: string, seg: Jkn | null, pregnant: boolean): void {
      if (members++ === 0 || p.rel === 'KEPALA_KELUARGA') head = p.name;
      if (seg?.status === 'AKTIF' && seg.segmen === 'PBI_APBN') pbi.nas = true;
      if (seg?.status === 'AKTIF' && seg.segmen === 'PBI_APBD') pbi.pemda = true;
      release.anggota.push(anggotaRow(release, noKk, p, job, pregnant, rng));
    },
    close(noKk: string, rank: DtsenRank | null): void {
      if (members > 0 && !rng.chance(0.0015)) {
        const alamat = `${rng.pick(ALAMAT)} RT ${String(rng.int(1, 20)).padStart(3, '0')}`;
        release.keluarga.push(keluargaRow(release, noKk, head, d, rank, pbi, alamat));
      }
      head = '';
      pbi = { nas: false, pemda: false };
      members = 0;
    },
  };
}

const ALAMAT = [
  'JL. PEMUDA',
  'JL. TAMBUN BUNGAI',
  'JL. PATIH RUMBIH',
  'JL. SEI PASAH',
  'HANDIL',
  'DUSUN',
];

function dtksRow(
  plan: Plan,
  s: number,
  d: Desa,
  hh: Household,
  p: Person,
  job: string,
  rng: Rng,
): string[] {
  const style = dtksStyle(s);
  const mi = plan.snapMonths[s] as MonthIndex;
  const spaced = style === 'siks';
  const text = (v: string): string => (spaced ? v.replaceAll('_', ' ') : v);
  const date = style === 'upper' ? iso : dmy;
  const pregnant = ((p.hamil >> s) & 1) === 1;
  const hubungan =
    p.rel === 'ISTRI_SUAMI' && style !== 'kebab' ? (p.sex === 'P' ? 'ISTRI' : 'SUAMI') : p.rel;
  const row = [
    style === 'upper' ? monthLabel(mi).replace('-', '') : monthLabel(mi),
    p.id,
    p.nik,
    hh.noKk,
    p.name,
    style === 'upper' ? d.code.replaceAll('.', '') : d.code,
    date(p.birth),
    style === 'upper' ? (p.sex === 'L' ? 'LAKI-LAKI' : 'PEREMPUAN') : p.sex,
    text(hubungan),
    String(hh.desil[s] ?? ''),
    spaced && p.disab === 'TIDAK' && rng.chance(0.6) ? '' : p.disab,
    pregnant ? 'YA' : spaced && rng.chance(0.7) ? '' : 'TIDAK',
    text(job),
    date(hh.verifikasi[s] as number),
  ];
  if (spaced)
    row.push(`${rng.pick(ALAMAT)} RT ${String(rng.int(1, 20)).padStart(3, '0')}, ${d.name}`);
  return row;
}

interface Jkn {
  segmen: string;
  status: string;
}

function jknDtks(
  p: Person,
  desil: number | null,
  remote: number,
  s: number,
  job: string,
  age: number,
): Jkn | null {
  const poor = desil !== null && desil <= 4;
  const pPbi = poor ? 0.9 - 0.4 * remote + 0.015 * s : 0.4 - 0.2 * remote;
  const pOther = poor ? 0.06 : 0.45;
  if (p.uKes < pPbi) return { segmen: p.uSeg < 0.72 ? 'PBI_APBN' : 'PBI_APBD', status: 'AKTIF' };
  if (p.uKes < pPbi + pOther) {
    const formal = job === 'KARYAWAN' || job === 'PNS_TNI_POLRI';
    return { segmen: formal ? 'PPU' : age >= 60 && p.uSeg < 0.3 ? 'BP' : 'PBPU', status: 'AKTIF' };
  }
  return null;
}

function jknResident(r: Resident, remote: number, s: number, age: number): Jkn | null {
  // A few PBI members outside DTKS: the inclusion errors pbi_luar_sasaran is meant to find.
  if (r.uKes < 0.012) return { segmen: r.uSeg < 0.6 ? 'PBI_APBD' : 'PBI_APBN', status: 'AKTIF' };
  if (r.uKes >= 0.98 - 0.12 * remote + 0.005 * s) return null;
  const segmen = r.formal ? 'PPU' : age >= 60 && r.uSeg < 0.3 ? 'BP' : 'PBPU';
  return { segmen, status: 'AKTIF' };
}

function jknRow(s: number, mi: MonthIndex, nik: string, desa: string, j: Jkn, rng: Rng): string[] {
  const lapse = j.segmen === 'PBPU' ? 0.08 : 0.015;
  const status = rng.chance(lapse) ? 'NONAKTIF' : j.status;
  const tab = s === 1;
  const periode = tab ? monthLabel(mi).replace('-', '') : monthLabel(mi);
  const segmen = !tab && s % 2 === 0 && rng.chance(0.3) ? j.segmen.replace('_', ' ') : j.segmen;
  return [periode, nik, tab || rng.chance(0.8) ? desa : desa.replaceAll('.', ''), segmen, status];
}

function tkDtks(p: Person, remote: number, s: number, job: string, age: number): string | null {
  if (age < 18 || age > 59) return null;
  if (INFORMAL_JOBS.has(job)) return p.uTk < 0.4 - 0.3 * remote + 0.02 * s ? 'BPU' : null;
  if (job === 'KARYAWAN') return p.uTk < 0.7 ? 'PU' : null;
  return null;
}

function tkResident(r: Resident, age: number): string | null {
  if (age < 18 || age > 59) return null;
  if (r.formal) return r.uTk < 0.8 ? 'PU' : null;
  if (r.uTk < 0.15) return 'BPU';
  if (r.uTk < 0.16) return 'JAKON';
  if (r.uTk < 0.165) return 'PMI';
  return null;
}

function tkRow(
  s: number,
  mi: MonthIndex,
  nik: string,
  desa: string,
  kategori: string,
  rng: Rng,
): string[] {
  const lapse = kategori === 'BPU' ? 0.15 : 0.03;
  const status = rng.chance(lapse) ? 'NONAKTIF' : 'AKTIF';
  if (s % 2 === 0) return [monthLabel(mi), nik, desa, kategori, status];
  const mmYyyy = `${String(monthNumber(mi)).padStart(2, '0')}/${monthYear(mi)}`;
  return [
    mmYyyy,
    nik,
    desa.replaceAll('.', ''),
    kategori,
    status === 'AKTIF' ? 'Peserta Aktif' : 'Tidak Aktif',
    status,
  ];
}

// ---------------------------------------------------------------- pkh

function emitPkh(plan: Plan, d: Desa, households: Household[], sinks: PeopleSinks, rng: Rng): void {
  const remote = d.kecamatan.remote;
  const endYear = monthYear(plan.endMonth);
  const endQuarter = Math.ceil(monthNumber(plan.endMonth) / 3);
  for (const year of plan.years) {
    const sink = sinks.pkh.get(year) as RowSink;
    const dirt = sinks.plans.get(sink) ?? null;
    const lastTahap = year === endYear ? endQuarter : 4;
    for (const hh of households) {
      for (let tahap = 1; tahap <= lastTahap; tahap++) {
        const s = snapshotFor(plan, year * 12 + tahap * 3 - 1);
        if (hh.from > s || hh.to <= s) continue;
        const komponen = pkhKomponen(hh, s, plan.snapDays[s] as number);
        const desil = hh.desil[s] ?? null;
        const eligible = desil !== null && desil <= 4 && komponen > 0;
        const inclusion = desil !== null && desil <= 6 && komponen > 0 && hh.uPkh > 0.985;
        if (!(eligible && hh.uPkh < 0.88 - 0.45 * remote) && !inclusion) continue;
        const late = year === endYear && tahap === lastTahap;
        const status = rng.weighted(
          late ? { SALUR: 70, BELUM_SALUR: 27, GAGAL: 3 } : { SALUR: 91, BELUM_SALUR: 5, GAGAL: 4 },
        );
        const nominal = Math.min(komponen, 2_400_000);
        const row = [
          String(year),
          String(tahap),
          hh.noKk,
          d.code,
          status,
          rng.chance(0.15)
            ? `Rp ${nominal.toLocaleString('en-US').replaceAll(',', '.')}`
            : String(nominal),
        ];
        pushWithDirt(sink, row, dirt);
      }
    }
  }
}

function snapshotFor(plan: Plan, mi: MonthIndex): number {
  let s = 0;
  plan.snapMonths.forEach((m, i) => {
    if (m <= mi) s = i;
  });
  return s;
}

/** PKH benefit per tahap (Rupiah) from the household's components; 0 = not eligible. */
function pkhKomponen(hh: Household, s: number, day: number): number {
  let total = 0;
  for (const p of hh.members) {
    if (p.from > s || p.to <= s) continue;
    const age = ageOn(p.birth, day);
    if ((p.hamil >> s) & 1 || age <= 6) total += 750_000;
    else if (age >= 60) total += 600_000;
    else if (p.disab === 'BERAT') total += 600_000;
    else if (age >= 7 && age <= 18) total += age <= 12 ? 225_000 : age <= 15 ? 375_000 : 500_000;
  }
  return total;
}

// ---------------------------------------------------------------- neighbours and NIK pool

/** BPJS rows of people living in neighbouring kabupaten served by the same branch office. */
function emitNeighbours(plan: Plan, sinks: PeopleSinks, totalPenduduk: number): void {
  const villages = neighbourVillages(plan.region);
  if (villages.length === 0) return;
  const rng = new Rng(plan.seed, 'tetangga');
  const registry = new NikRegistry();
  const n = Math.max(3, Math.round(totalPenduduk * 0.003));
  const people = Array.from({ length: n }, () => {
    const v = rng.pick(villages);
    const sex = rng.chance(0.5) ? 'L' : 'P';
    const birth = (plan.snapDays[0] as number) - rng.int(365, 70 * 365);
    return {
      nik: registry.nik(v.districtCode.replaceAll('.', ''), birth, sex),
      desa: v.code,
      segmen: rng.weighted({ PPU: 4, PBPU: 3, PBI_APBN: 2, BP: 1 }),
    };
  });
  sinks.jkn.forEach((sink, s) => {
    for (const p of people) {
      const row = jknRow(
        s,
        plan.snapMonths[s] as MonthIndex,
        p.nik,
        p.desa,
        { segmen: p.segmen, status: 'AKTIF' },
        rng,
      );
      sink.push(row);
    }
  });
}

function nikSample(
  seed: number,
  d: Desa,
  households: Household[],
  residents: Resident[],
): string[] {
  const rng = new Rng(seed, `pool:${d.code}`);
  const out: string[] = [];
  for (const hh of households) {
    for (const p of hh.members) if (p.from === 0 && rng.chance(0.5)) out.push(p.nik);
    if (out.length >= 400) break;
  }
  const outside = Math.min(residents.length, Math.ceil(out.length * 0.2));
  for (let i = 0; i < outside; i++)
    out.push((residents[rng.int(0, residents.length - 1)] as Resident).nik);
  return out;
}

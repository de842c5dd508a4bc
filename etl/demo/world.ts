/**
 * The simulated people of one desa over the demo window: DTKS households that change a little
 * between snapshots, and the residents outside DTKS (who still appear in BPJS files). Built one desa
 * at a time so that memory stays bounded at any --scale.
 */
import { ageOn, ymd } from './dates.js';
import type { Desa } from './kapuas.js';
import { fakeName } from './names.js';
import { Rng } from './random.js';

export type Sex = 'L' | 'P';
export type Hubungan =
  'KEPALA_KELUARGA' | 'ISTRI_SUAMI' | 'ANAK' | 'CUCU' | 'ORANG_TUA' | 'FAMILI_LAIN';
export type Disabilitas = 'TIDAK' | 'RINGAN' | 'SEDANG' | 'BERAT';

export interface Person {
  id: string;
  nik: string;
  birth: number;
  sex: Sex;
  rel: Hubungan;
  name: string;
  disab: Disabilitas;
  /** Stable uniforms: the same person keeps the same job profile and membership odds. */
  uJob: number;
  uKes: number;
  uSeg: number;
  uTk: number;
  /** Present in snapshots from <= s < to. */
  from: number;
  to: number;
  /** Bit s set: pregnant in snapshot s. */
  hamil: number;
}

export interface Household {
  noKk: string;
  members: Person[];
  /** Per snapshot; null = unknown. */
  desil: (number | null)[];
  verifikasi: number[];
  from: number;
  to: number;
  uPkh: number;
  /** DTSEN ranking per snapshot (null: not a DTSEN release, or unranked). */
  dtsen: readonly (DtsenRank | null)[];
}

/** A resident outside DTKS: BPJS files know them, and DTSEN (which ranks everyone). */
export interface Resident extends Person {
  formal: boolean;
}

/** A family outside DTKS (DTSEN's other sources: Regsosek, Dukcapil). */
export interface ResidentHousehold {
  noKk: string;
  members: Resident[];
  dtsen: readonly (DtsenRank | null)[];
}

/** A family's DTSEN ranking in one release: desil 1–10 in three variants; null = unranked. */
export interface DtsenRank {
  nasional: number;
  provinsi: number;
  kabupatenKota: number;
}

export interface DesaWorld {
  households: Household[];
  residentHouseholds: ResidentHousehold[];
  /** The members of residentHouseholds, in order. */
  residents: Resident[];
}

/** Hands out unique NIK / no_kk sequences per (region prefix, date digits). */
export class NikRegistry {
  private readonly counters = new Map<string, number>();

  /** A NIK for the birth day; a full day (9999 people) spills into the next day's digits. */
  nik(prefix6: string, birth: number, sex: Sex): string {
    for (let day = birth; ; day++) {
      const { y, m, d } = ymd(day);
      const dd = sex === 'P' ? d + 40 : d;
      const nik = this.next(`${prefix6}${pad2(dd)}${pad2(m)}${pad2(y % 100)}`);
      if (nik) return nik;
    }
  }

  noKk(prefix6: string, issued: number): string {
    for (let day = issued; ; day++) {
      const { y, m, d } = ymd(day);
      const kk = this.next(`K${prefix6}${pad2(d)}${pad2(m)}${pad2(y % 100)}`);
      if (kk) return kk.slice(1);
    }
  }

  private next(key: string): string | null {
    const n = (this.counters.get(key) ?? 0) + 1;
    if (n > 9999) return null;
    this.counters.set(key, n);
    return `${key}${String(n).padStart(4, '0')}`;
  }
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Region prefix of a NIK: province, kabupaten and kecamatan digits. */
export function nikPrefix(kecamatanCode: string): string {
  return kecamatanCode.replaceAll('.', '');
}

export interface WorldParams {
  seed: number;
  /** Reference day of each registry snapshot (end of its month, or today). */
  snapDays: number[];
  /** First snapshot that is a DTSEN release rather than a DTKS export (= length: none). */
  dtsenFrom: number;
  dtksShare: number;
}

const DESIL_WEIGHTS = { 1: 24, 2: 21, 3: 17, 4: 13, 5: 9, 6: 6, 7: 4, 8: 3, 9: 2, 10: 1 } as const;

export function buildDesaWorld(desa: Desa, params: WorldParams, registry: NikRegistry): DesaWorld {
  const rng = new Rng(params.seed, `desa:${desa.code}`);
  const ctx: Ctx = {
    rng,
    desa,
    registry,
    params,
    prefix: nikPrefix(desa.kecamatan.code),
    nextId: 1,
  };
  const households: Household[] = [];
  const target = Math.round(desa.penduduk * params.dtksShare);
  let persons = 0;
  // Stop half a household short rather than overshoot: small desa would otherwise drift upward.
  while (persons < target - 1.8) {
    const hh = newHousehold(ctx, 0);
    households.push(hh);
    persons += hh.members.length;
  }
  for (let s = 1; s < params.snapDays.length; s++) evolve(ctx, households, s);
  const residentHouseholds: ResidentHousehold[] = [];
  const residents: Resident[] = [];
  while (persons < desa.penduduk - 1.8) {
    const hh = newResidentHousehold(ctx);
    residentHouseholds.push(hh);
    for (const r of hh.members) residents.push(r);
    persons += hh.members.length;
  }
  rankDtsen(params, desa, households, residentHouseholds);
  return { households, residentHouseholds, residents };
}

interface Ctx {
  rng: Rng;
  desa: Desa;
  registry: NikRegistry;
  params: WorldParams;
  prefix: string;
  nextId: number;
}

function snapDay(ctx: Ctx, s: number): number {
  return ctx.params.snapDays[s] as number;
}

function newPerson(
  ctx: Ctx,
  s: number,
  age: number,
  sex: Sex,
  rel: Hubungan,
  birth?: number,
): Person {
  const { rng } = ctx;
  const born = birth ?? snapDay(ctx, s) - Math.floor((age + rng.next()) * 365.25);
  const disab = drawDisability(rng, age);
  return {
    id: `DT${ctx.desa.code.replaceAll('.', '')}${String(ctx.nextId++).padStart(6, '0')}`,
    nik: ctx.registry.nik(ctx.prefix, born, sex),
    birth: born,
    sex,
    rel,
    name: fakeName(rng, sex),
    disab,
    uJob: rng.next(),
    uKes: rng.next(),
    uSeg: rng.next(),
    uTk: rng.next(),
    from: s,
    to: Number.POSITIVE_INFINITY,
    hamil: 0,
  };
}

function drawDisability(rng: Rng, age: number): Disabilitas {
  const p = age >= 60 ? 0.1 : 0.025;
  if (!rng.chance(p)) return 'TIDAK';
  return rng.weighted({ RINGAN: 5, SEDANG: 3, BERAT: 2 });
}

function newHousehold(ctx: Ctx, s: number): Household {
  const { rng, desa } = ctx;
  const remote = desa.kecamatan.remote;
  const headAge = Math.min(85, Math.max(21, Math.round(rng.logNormal(44, 0.3))));
  const headSex: Sex = rng.chance(0.83) ? 'L' : 'P';
  const members: Person[] = [newPerson(ctx, s, headAge, headSex, 'KEPALA_KELUARGA')];
  let motherAge = headSex === 'P' ? headAge : -1;
  if (headSex === 'L' ? headAge < 78 && rng.chance(0.86) : rng.chance(0.12)) {
    const spouseAge = Math.max(18, headAge + (headSex === 'L' ? -rng.int(0, 8) : rng.int(0, 6)));
    const spouseSex: Sex = headSex === 'L' ? 'P' : 'L';
    members.push(newPerson(ctx, s, spouseAge, spouseSex, 'ISTRI_SUAMI'));
    if (spouseSex === 'P') motherAge = spouseAge;
  }
  if (motherAge >= 18) {
    const maxChildAge = Math.min(motherAge - 17, 24);
    const children = Math.min(
      6,
      Math.floor(rng.next() * (2.6 + remote)) + (rng.chance(0.4) ? 1 : 0),
    );
    for (let i = 0; i < children && maxChildAge >= 0; i++) {
      members.push(newPerson(ctx, s, rng.int(0, maxChildAge), rng.chance(0.5) ? 'L' : 'P', 'ANAK'));
    }
  }
  if (headAge >= 55 && rng.chance(0.3)) {
    members.push(newPerson(ctx, s, rng.int(0, 10), rng.chance(0.5) ? 'L' : 'P', 'CUCU'));
  }
  if (headAge < 60 && rng.chance(0.12)) {
    members.push(newPerson(ctx, s, rng.int(62, 88), rng.chance(0.6) ? 'P' : 'L', 'ORANG_TUA'));
  }
  if (rng.chance(0.03)) members.push(newPerson(ctx, s, rng.int(10, 50), 'L', 'FAMILI_LAIN'));
  drawPregnancies(ctx, members, s);
  const day = snapDay(ctx, s);
  const desil = rng.chance(0.02) ? null : Number(rng.weighted(DESIL_WEIGHTS));
  const freshShare = 0.75 - 0.45 * remote;
  const verif = rng.chance(freshShare) ? day - rng.int(0, 360) : day - rng.int(370, 1500);
  const n = ctx.params.snapDays.length;
  return {
    noKk: ctx.registry.noKk(ctx.prefix, day - rng.int(200, 7000)),
    members,
    desil: Array.from({ length: n }, () => desil),
    verifikasi: Array.from({ length: n }, () => verif),
    from: s,
    to: Number.POSITIVE_INFINITY,
    uPkh: rng.next(),
    dtsen: NO_RANKS,
  };
}

const NO_RANKS: readonly null[] = [];

function drawPregnancies(ctx: Ctx, members: Person[], s: number): void {
  const day = snapDay(ctx, s);
  for (const p of members) {
    if (p.sex !== 'P' || p.from > s || p.to <= s) continue;
    if (p.rel !== 'KEPALA_KELUARGA' && p.rel !== 'ISTRI_SUAMI') continue;
    const age = ageOn(p.birth, day);
    if (age >= 18 && age <= 45 && ctx.rng.chance(0.08)) p.hamil |= 1 << s;
  }
}

/** Half a year passes: a few deaths and moves, births, new and graduated households. */
function evolve(ctx: Ctx, households: Household[], s: number): void {
  const { rng } = ctx;
  const day = snapDay(ctx, s);
  const prevDay = snapDay(ctx, s - 1);
  const remote = ctx.desa.kecamatan.remote;
  const active = households.filter((h) => h.from < s && h.to > s - 1);
  for (const hh of active) {
    if (rng.chance(0.02)) {
      hh.to = s;
      continue;
    }
    for (const p of hh.members) {
      if (p.to <= s - 1 || p.from > s - 1 || p.rel === 'KEPALA_KELUARGA') continue;
      const age = ageOn(p.birth, day);
      if (rng.chance(age >= 70 ? 0.05 : 0.008)) p.to = s;
    }
    for (const mother of hh.members.filter((p) => (p.hamil >> (s - 1)) & 1)) {
      if (mother.to <= s || !rng.chance(0.8)) continue;
      const born = rng.int(prevDay + 1, day);
      hh.members.push(newPerson(ctx, s, 0, rng.chance(0.5) ? 'L' : 'P', 'ANAK', born));
    }
    drawPregnancies(ctx, hh.members, s);
    const prevDesil = hh.desil[s - 1] ?? null;
    const desil =
      prevDesil !== null && rng.chance(0.08)
        ? clamp(prevDesil + (rng.chance(0.5) ? 1 : -1), 1, 10)
        : prevDesil;
    const verif = rng.chance(0.55 - 0.35 * remote)
      ? rng.int(prevDay + 1, day)
      : (hh.verifikasi[s - 1] as number);
    for (let t = s; t < hh.desil.length; t++) {
      hh.desil[t] = desil;
      hh.verifikasi[t] = verif;
    }
  }
  const newcomers = Math.round(active.length * 0.018 + rng.next());
  for (let i = 0; i < newcomers; i++) households.push(newHousehold(ctx, s));
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/**
 * A family outside DTKS, built like a DTKS one (a little smaller); its people keep the BPJS
 * profile of the former residents (a third of working age in formal work).
 */
function newResidentHousehold(ctx: Ctx): ResidentHousehold {
  const { rng } = ctx;
  const hh = newHousehold(ctx, 0);
  // They do not evolve like DTKS families, but pregnancies come and go.
  for (let s = 1; s < ctx.params.snapDays.length; s++) drawPregnancies(ctx, hh.members, s);
  const members = hh.members.map((p): Resident => {
    const age = ageOn(p.birth, snapDay(ctx, 0));
    const r = p as Resident;
    r.id = '';
    r.formal = age >= 19 && age <= 58 && rng.chance(0.3);
    return r;
  });
  return { noKk: hh.noKk, members, dtsen: NO_RANKS };
}

// ---------------------------------------------------------------- DTSEN ranking

/**
 * DTSEN ranks every family of the desa in each release. A latent welfare percentile drives it:
 * for a DTKS family its DTKS desil (re-ranked a little), for the others higher on the whole, lower
 * upriver, higher with a formal earner. Between releases some families move (a few across the
 * desil-5 band, both ways), a DTKS family with its DTKS desil; a few are left unranked. The
 * provincial variant ranks a little lower (Kalimantan Tengah is better off than the nation), the
 * kabupaten one a little higher.
 */
function rankDtsen(
  params: WorldParams,
  desa: Desa,
  households: Household[],
  residentHouseholds: ResidentHousehold[],
): void {
  const rng = new Rng(params.seed, `dtsen:${desa.code}`);
  const n = params.snapDays.length;
  const remote = desa.kecamatan.remote;
  if (params.dtsenFrom >= n) return;
  const rank = (w: number): number => clamp(Math.floor(w * 10) + 1, 1, 10);
  const ranks = (latent: (s: number) => number): (DtsenRank | null)[] => {
    const list: (DtsenRank | null)[] = Array.from({ length: n }, () => null);
    for (let s = params.dtsenFrom; s < n; s++) {
      const w = latent(s);
      if (rng.chance(0.004)) continue;
      list[s] = {
        nasional: rank(w),
        provinsi: rank(w - 0.04 + 0.03 * rng.normal()),
        kabupatenKota: rank(w + 0.03 + 0.03 * rng.normal()),
      };
    }
    return list;
  };
  /** The drift that some families take between releases, accumulated per snapshot. */
  const drifted = (): number[] => {
    const total: number[] = [];
    let sum = 0;
    for (let s = 0; s < n; s++) {
      if (s > params.dtsenFrom && rng.chance(0.3)) sum += 0.08 * rng.normal();
      total.push(sum);
    }
    return total;
  };
  for (const hh of households) {
    const within = rng.next();
    const rerank = 0.05 * rng.normal();
    const drift = drifted();
    const fallback = 1 + Math.floor(rng.next() * 6);
    hh.dtsen = ranks((s) => {
      const desil = hh.desil[s] ?? hh.desil[params.dtsenFrom] ?? fallback;
      return (desil - 1 + within) / 10 + rerank + (drift[s] as number);
    });
  }
  for (const hh of residentHouseholds) {
    const formal = hh.members.some((r) => r.formal);
    const base =
      Math.pow(rng.next(), 0.55) - 0.15 * remote + (formal ? 0.08 : 0) + 0.04 * rng.normal();
    const drift = drifted();
    hh.dtsen = ranks((s) => base + (drift[s] as number));
  }
}

/** Job at a given age from the person's stable job uniform. */
export function pekerjaan(p: Person, age: number): string {
  const u = p.uJob;
  if (age < 5) return '';
  if (age <= 18) return u < 0.88 ? 'PELAJAR' : 'TIDAK_BEKERJA';
  if (age >= 60) return pickCumulative(u, OLD_JOBS);
  return pickCumulative(u, p.sex === 'L' ? MALE_JOBS : FEMALE_JOBS);
}

type JobTable = readonly (readonly [string, number])[];
const MALE_JOBS: JobTable = [
  ['PETANI', 30],
  ['NELAYAN', 9],
  ['BURUH_HARIAN', 20],
  ['PEDAGANG', 8],
  ['PEKERJA_INFORMAL', 15],
  ['KARYAWAN', 9],
  ['PNS_TNI_POLRI', 2],
  ['TIDAK_BEKERJA', 7],
];
const FEMALE_JOBS: JobTable = [
  ['MENGURUS_RUMAH_TANGGA', 50],
  ['PETANI', 15],
  ['PEDAGANG', 10],
  ['BURUH_HARIAN', 7],
  ['PEKERJA_INFORMAL', 8],
  ['KARYAWAN', 4],
  ['PNS_TNI_POLRI', 2],
  ['TIDAK_BEKERJA', 4],
];
const OLD_JOBS: JobTable = [
  ['PETANI', 25],
  ['TIDAK_BEKERJA', 55],
  ['PENSIUNAN', 8],
  ['PEDAGANG', 5],
  ['MENGURUS_RUMAH_TANGGA', 7],
];

function pickCumulative(u: number, table: JobTable): string {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let x = u * total;
  for (const [job, w] of table) {
    x -= w;
    if (x < 0) return job;
  }
  return table[table.length - 1]?.[0] ?? '';
}

export const INFORMAL_JOBS = new Set([
  'PETANI',
  'NELAYAN',
  'BURUH_HARIAN',
  'PEDAGANG',
  'PEKERJA_INFORMAL',
]);

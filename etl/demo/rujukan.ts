/**
 * SLRT complaints and referrals: monthly incremental exports. Each complaint gets a whole life
 * (received, referred, followed up, closed) up front; an export shows the state at its cut-off day.
 */
import {
  dmy,
  firstDay,
  iso,
  lastDay,
  monthLabel,
  monthNumber,
  wibStamp,
  type MonthIndex,
} from './dates.js';
import { damage, pushWithDirt, type DirtPlan } from './dirt.js';
import type { Desa } from './kapuas.js';
import { Rng } from './random.js';
import { CsvSink } from './sinks.js';
import path from 'node:path';

export interface RujukanInput {
  seed: number;
  scale: number;
  desa: Desa[];
  firstMonth: MonthIndex;
  months: number;
  maxDay: number;
  /** Day from which the desa has an active Puskesos; undefined = never. */
  puskesosFrom: Map<string, number>;
  /** People of each desa a complaint can be about (DTKS and non-DTKS). */
  nikPool: Map<string, string[]>;
  dir: string;
}

type Status = 'DITERIMA' | 'DIRUJUK' | 'DITINDAKLANJUTI' | 'SELESAI' | 'DITOLAK';

interface Event {
  status: Status;
  day: number;
  minute: number;
}

interface Complaint {
  id: string;
  day: number;
  nik: string;
  desa: string;
  kategori: string;
  kanal: string;
  lembaga: string;
  events: Event[];
}

const KATEGORI_BASE = {
  KESEHATAN: 20,
  PENDIDIKAN: 10,
  ADMINDUK: 16,
  BANSOS: 18,
  JAMINAN_SOSIAL: 10,
  DISABILITAS: 5,
  LANSIA: 6,
  RUMAH_TIDAK_LAYAK: 6,
  EKONOMI: 6,
  LAINNYA: 3,
} as const;
type Kategori = keyof typeof KATEGORI_BASE;

const LEMBAGA: Record<Kategori, Record<string, number>> = {
  KESEHATAN: { BPJS_KESEHATAN: 5, DINKES: 5 },
  PENDIDIKAN: { DISDIK: 9, BAZNAS: 1 },
  ADMINDUK: { DISDUKCAPIL: 1 },
  BANSOS: { DINSOS: 9, PEMDES: 1 },
  JAMINAN_SOSIAL: { BPJS_KESEHATAN: 4, BPJS_KETENAGAKERJAAN: 4, DINSOS: 2 },
  DISABILITAS: { DINSOS: 8, DINKES: 2 },
  LANSIA: { DINSOS: 7, BAZNAS: 3 },
  RUMAH_TIDAK_LAYAK: { PERKIM: 8, BAZNAS: 2 },
  EKONOMI: { DISNAKER: 5, BAZNAS: 2, PEMDES: 3 },
  LAINNYA: { PEMDES: 6, LAINNYA: 4 },
};

/** Median handling days per agency; remote desa take longer. */
const MEDIAN_DAYS: Record<string, number> = {
  DISDUKCAPIL: 5,
  BPJS_KESEHATAN: 10,
  BPJS_KETENAGAKERJAAN: 12,
  DINKES: 12,
  DISDIK: 15,
  PEMDES: 14,
  BAZNAS: 18,
  DINSOS: 20,
  DISNAKER: 25,
  LAINNYA: 20,
  PERKIM: 80,
};

const URAIAN: Record<Kategori, string[]> = {
  KESEHATAN: [
    'Kartu KIS tidak aktif',
    'Butuh rujukan ke RSUD, biaya transport',
    'Anak "stunting", perlu PMT',
  ],
  PENDIDIKAN: [
    'Anak belum dapat KIP',
    'Minta bantuan seragam, buku dan sepatu',
    'Putus sekolah karena biaya',
  ],
  ADMINDUK: ['Akta kelahiran anak belum ada', 'KK belum diperbarui', 'NIK tidak padan di DTKS'],
  BANSOS: ['Tidak lagi menerima BPNT', 'Minta didaftarkan DTKS', 'Bantuan beras belum diterima'],
  JAMINAN_SOSIAL: ['Premi BPJS menunggak', 'Ingin daftar BPU, tidak punya HP', 'PBI dinonaktifkan'],
  DISABILITAS: ['Butuh kursi roda', 'Alat bantu dengar rusak'],
  LANSIA: ['Lansia tinggal sendiri, butuh pendampingan', 'Lansia sakit, tidak ada yang merawat'],
  RUMAH_TIDAK_LAYAK: ['Atap bocor, dinding papan lapuk', 'Rumah rusak kena banjir'],
  EKONOMI: ['Minta modal usaha', 'Kehilangan pekerjaan di perkebunan'],
  LAINNYA: ['Konsultasi umum', 'Lain-lain'],
};

const HEADER = [
  'id_rujukan',
  'tanggal_keluhan',
  'nik',
  'kode_desa',
  'kategori',
  'kanal',
  'lembaga_tujuan',
  'status',
  'tanggal_selesai',
  'diperbarui_pada',
  'uraian',
];

export async function writeRujukan(
  input: RujukanInput,
  onFile: (sink: CsvSink) => void,
): Promise<void> {
  const complaints = simulate(input);
  const dirtRng = new Rng(input.seed, 'rujukan:kotor');
  const expected = (complaints.length / input.months) * 1.4;
  const plan: DirtPlan = {
    rng: dirtRng,
    rate: Math.min(0.2, Math.max(0.003, 0.5 / Math.max(1, expected))),
    damages: [
      closedWithoutDate,
      damage.value(6, 'DINAS LAIN', 'DINAS SOSIAL P3AP2KB'),
      damage.unknownDesa(3),
      damage.empty(2),
      damage.nikShort(2),
      damage.impossibleDate(1),
    ],
    duplicateShare: 0,
  };
  for (let i = 0; i < input.months; i++) {
    const mi = input.firstMonth + i;
    const semicolon = i === Math.min(input.months - 1, 7);
    const sink = new CsvSink(path.join(input.dir, `rujukan_${monthLabel(mi)}.csv`), HEADER, {
      delimiter: semicolon ? ';' : ',',
      crlf: semicolon,
    });
    const cutoff = Math.min(lastDay(mi), input.maxDay);
    const from = firstDay(mi);
    for (const c of complaints) {
      if (c.day > cutoff) break;
      const state = latest(c, cutoff);
      if (c.day < from && state.day < from) continue;
      pushWithDirt(sink, row(c, state, dirtRng, i), plan);
    }
    await sink.close();
    onFile(sink);
  }
}

/** A SELESAI row whose tanggal_selesai was not filled in: rejected TANGGAL_TIDAK_VALID. */
function closedWithoutDate(r: string[]): void {
  r[7] = 'SELESAI';
  r[8] = '';
}

function latest(c: Complaint, cutoff: number): Event {
  let e = c.events[0] as Event;
  for (const ev of c.events) if (ev.day <= cutoff) e = ev;
  return e;
}

function row(c: Complaint, e: Event, rng: Rng, fileIndex: number): string[] {
  const closed = e.status === 'SELESAI' || e.status === 'DITOLAK';
  const isoDates = fileIndex % 5 === 3;
  const date = isoDates ? iso : dmy;
  const uraian = rng.chance(0.6) ? rng.pick(URAIAN[c.kategori as Kategori]) : '';
  return [
    c.id,
    date(c.day),
    c.nik,
    rng.chance(0.7) ? c.desa : c.desa.replaceAll('.', ''),
    rng.chance(0.1) ? c.kategori.toLowerCase() : c.kategori,
    c.kanal,
    c.lembaga,
    rng.chance(0.1) ? e.status.charAt(0) + e.status.slice(1).toLowerCase() : e.status,
    closed ? date(e.day) : '',
    wibStamp(e.day, e.minute, rng.chance(0.5)),
    rng.chance(0.003) ? `${uraian}\nDitulis ulang oleh operator` : uraian,
  ];
}

function simulate(input: RujukanInput): Complaint[] {
  const rng = new Rng(input.seed, 'rujukan');
  const out: Complaint[] = [];
  let seq = 0;
  for (let i = 0; i < input.months; i++) {
    const mi = input.firstMonth + i;
    const from = firstDay(mi);
    const to = Math.min(lastDay(mi), input.maxDay);
    if (to < from) continue;
    const weights = input.desa.map(
      (d) => d.penduduk * ((input.puskesosFrom.get(d.code) ?? Infinity) <= from ? 1.8 : 1),
    );
    const cumulative = cumulate(weights);
    const season = monthNumber(mi) === 7 || monthNumber(mi) === 8 ? 1.25 : 1;
    const base = (60 + 60 * (i / Math.max(1, input.months - 1))) * season * input.scale;
    const n = Math.max(0, Math.round(base * (0.9 + 0.2 * rng.next())));
    const batch: Complaint[] = [];
    for (let k = 0; k < n; k++) {
      const desa = input.desa[pickIndex(cumulative, rng.next())] as Desa;
      batch.push(complaint(input, rng, desa, mi, rng.int(from, to)));
    }
    batch.sort((a, b) => a.day - b.day);
    for (const c of batch) c.id = `SLRT-6203-${String(++seq).padStart(6, '0')}`;
    out.push(...batch);
  }
  return out;
}

function complaint(
  input: RujukanInput,
  rng: Rng,
  desa: Desa,
  mi: MonthIndex,
  day: number,
): Complaint {
  const month = monthNumber(mi);
  const remote = desa.kecamatan.remote;
  const w: Record<Kategori, number> = { ...KATEGORI_BASE };
  if (month === 7 || month === 8) w.PENDIDIKAN *= 3.5;
  if (month === 6) w.PENDIDIKAN *= 1.5;
  if (month >= 11 || month <= 3) w.KESEHATAN *= 1.6;
  w.RUMAH_TIDAK_LAYAK *= 1 + 2 * remote;
  const kategori = rng.weighted(w);
  const hasPuskesos = (input.puskesosFrom.get(desa.code) ?? Infinity) <= day;
  const kanal = rng.weighted({
    PUSKESOS: hasPuskesos ? 40 : 0,
    SLRT: 25,
    TKSK: 18 + 20 * remote,
    PENDAMPING_PKH: 12,
    DARING: 8 * (1 - remote) + 1,
  });
  const lembaga = rng.weighted(LEMBAGA[kategori]);
  const pool = input.nikPool.get(desa.code) ?? [];
  return {
    id: '',
    day,
    nik: pool.length > 0 ? rng.pick(pool) : '',
    desa: desa.code,
    kategori,
    kanal,
    lembaga,
    events: lifecycle(rng, day, lembaga, remote),
  };
}

/** DITERIMA → DIRUJUK → DITINDAKLANJUTI → SELESAI, or DITOLAK early; PERKIM upriver (Mantangai and beyond) never closes: the growing backlog. */
function lifecycle(rng: Rng, day: number, lembaga: string, remote: number): Event[] {
  const at = (d: number, status: Status): Event => ({
    status,
    day: d,
    minute: rng.int(7 * 60, 16 * 60),
  });
  const events: Event[] = [at(day, 'DITERIMA')];
  if (rng.chance(0.04)) {
    events.push(at(day + rng.int(1, 6), 'DITOLAK'));
    return events;
  }
  const median = (MEDIAN_DAYS[lembaga] ?? 20) * (1 + 0.8 * remote);
  const duration = Math.max(1, Math.round(rng.logNormal(median, 0.5)));
  events.push(at(day + Math.min(duration - 1, rng.int(0, 2)), 'DIRUJUK'));
  if (duration >= 4) events.push(at(day + Math.round(duration * 0.4), 'DITINDAKLANJUTI'));
  const stuck = lembaga === 'PERKIM' && remote >= 0.55;
  if (!stuck) events.push(at(day + duration, 'SELESAI'));
  // Same-day events must still be ordered in time.
  for (let i = 1; i < events.length; i++) {
    const prev = events[i - 1] as Event;
    const e = events[i] as Event;
    if (e.day === prev.day && e.minute <= prev.minute)
      e.minute = Math.min(23 * 60 + 59, prev.minute + 30);
  }
  return events;
}

function cumulate(weights: number[]): number[] {
  let s = 0;
  return weights.map((w) => (s += w));
}

function pickIndex(cumulative: number[], u: number): number {
  const x = u * (cumulative[cumulative.length - 1] ?? 0);
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

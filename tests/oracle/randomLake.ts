/**
 * Small random lakes (seeded) whose dates crowd the boundaries of indicators.md: birthdays around
 * 0 / 6 / 7 / 18 / 19 / 59 / 60 on snapshot ends (29 February included), verification dates around
 * end − 365, complaints closing around 7 / 14 / 30 days, Puskesos SKs around month ends, households
 * spread over desa, rujukan versions with tied timestamps. Rows stay inside the data contract.
 */
import type { LakeRows, Row } from '../fixtures/warehouse/writeLake.js';
import { pseudo } from '../fixtures/warehouse/writeLake.js';

const DESA = ['62.03.01.1006', '62.03.01.1007', '62.03.06.2001', '62.01.01.1011'];
const DAY_MS = 86_400_000;

/** mulberry32: a tiny deterministic generator. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)] as T;
  return { next, int, pick, chance: (p: number) => next() < p };
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Date.UTC(y, m, 0);
};

export function randomLake(seed: number): { lake: LakeRows; asOf: string } {
  const r = rng(seed);
  const asOf = `2024-03-${String(r.int(1, 31)).padStart(2, '0')}`;
  const asOfMs = day(asOf);
  const clamp = (ms: number) => Math.min(ms, asOfMs);
  const months = ['2024-01', '2024-02', '2024-03'];
  const endOf = (m: string) => Math.min(lastDay(m), asOfMs);

  const dtksMonths = months.filter((_, i) => i === 0 || r.chance(0.5));
  const nik = (p: number) => pseudo(`rnd-${seed}-nik-${p}`);
  const kk = (k: number) => pseudo(`rnd-${seed}-kk-${k}`);
  const birthNear = (ref: number) => {
    if (r.chance(0.08)) return `${r.pick(['2004', '2008', '1964', '1968', '2020'])}-02-29`;
    const years = r.pick([0, 6, 7, 18, 19, 59, 60, 35]);
    const d = new Date(ref);
    d.setUTCFullYear(d.getUTCFullYear() - years);
    return iso(clamp(d.getTime() + r.int(-2, 2) * DAY_MS));
  };
  const people = Array.from({ length: 18 }, (_, p) => {
    const ref = endOf(r.pick(dtksMonths));
    return {
      id_dtks: `R${String(r.int(0, 99)).padStart(2, '0')}${p}`,
      nik: nik(p),
      no_kk: kk(r.int(1, 6)),
      kode_desa: r.pick(DESA),
      tanggal_lahir: birthNear(ref),
      jenis_kelamin: r.pick(['L', 'P']),
      hubungan_keluarga: r.pick([
        'KEPALA_KELUARGA',
        'KEPALA_KELUARGA',
        'ANAK',
        'ISTRI_SUAMI',
        'CUCU',
      ]),
      desil: r.chance(0.2) ? null : r.int(1, 8),
      disabilitas: r.chance(0.1) ? 'BERAT' : 'TIDAK',
      hamil: r.chance(0.1) ? 'YA' : 'TIDAK',
      pekerjaan: r.chance(0.15)
        ? null
        : r.pick(['PETANI', 'NELAYAN', 'PEDAGANG', 'PNS_TNI_POLRI', 'PELAJAR']),
      tanggal_verifikasi: r.chance(0.2)
        ? null
        : iso(
            clamp(ref - 365 * DAY_MS + r.int(-2, 2) * DAY_MS + (r.chance(0.3) ? 200 * DAY_MS : 0)),
          ),
    };
  });
  const dtks: Row[] = dtksMonths.flatMap((m) =>
    people
      .filter(() => r.chance(0.85))
      .map((p) => ({
        ...p,
        periode: `${m}-01`,
        kode_desa: r.chance(0.1) ? r.pick(DESA) : p.kode_desa,
      })),
  );

  const bpjs = (kind: 'segmen' | 'kategori', values: string[]) =>
    ['2023-12', ...months]
      .filter(() => r.chance(0.6))
      .flatMap((m) =>
        Array.from({ length: 22 }, (_, p) => p)
          .filter(() => r.chance(0.6))
          .map((p) => ({
            periode: `${m}-01`,
            nik: nik(p),
            kode_desa: r.pick(DESA),
            [kind]: r.pick(values),
            status: r.chance(0.8) ? 'AKTIF' : 'NONAKTIF',
          })),
      );

  const pkh: Row[] = [2023, 2024].flatMap((tahun) =>
    [1, 2, 3, 4].flatMap((tahap) =>
      Array.from({ length: 7 }, (_, k) => k)
        .filter(() => r.chance(0.3))
        .map((k) => ({
          tahun,
          tahap,
          no_kk: kk(k),
          kode_desa: r.pick(DESA),
          status_salur: r.pick(['SALUR', 'BELUM_SALUR', 'GAGAL']),
          nominal: 750000,
        })),
    ),
  );

  const penduduk: Row[] = DESA.flatMap((kode_desa) =>
    [2022, 2023, 2024]
      .filter(() => r.chance(0.5))
      .map((tahun) => ({ kode_desa, tahun, jumlah_penduduk: r.int(0, 40) })),
  );

  const puskesos: Row[] = DESA.filter(() => r.chance(0.7)).map((kode_desa) => ({
    kode_desa,
    nama_puskesos: `Puskesos ${kode_desa}`,
    status: r.chance(0.8) ? 'AKTIF' : 'TIDAK_AKTIF',
    tanggal_sk: r.chance(0.3) ? null : iso(clamp(endOf(r.pick(months)) + r.int(-1, 1) * DAY_MS)),
  }));

  let line = 2;
  const rujukan: Row[] = Array.from({ length: 24 }, (_, i) => {
    const keluhan = day('2023-12-01') + r.int(0, (asOfMs - day('2023-12-01')) / DAY_MS) * DAY_MS;
    return Array.from({ length: r.int(1, 3) }, () => {
      const status = r.pick([
        'DITERIMA',
        'DIRUJUK',
        'DITINDAKLANJUTI',
        'SELESAI',
        'SELESAI',
        'DITOLAK',
      ]);
      const closed = status === 'SELESAI' || status === 'DITOLAK';
      const days = r.pick([0, 1, 7, 8, 14, 15, 30, 31, 45]);
      return {
        id_rujukan: `RND-${i}`,
        tanggal_keluhan: iso(keluhan),
        nik: nik(100 + i),
        kode_desa: r.pick(DESA),
        kategori: r.pick(['KESEHATAN', 'BANSOS']),
        kanal: r.pick(['SLRT', 'DARING']),
        lembaga_tujuan: r.pick(['DINSOS', 'DINKES', 'BAZNAS']),
        status,
        tanggal_selesai: closed ? iso(clamp(keluhan + days * DAY_MS)) : null,
        diperbarui_pada: `2024-0${r.int(1, 3)}-1${r.int(0, 1)} 08:00:00+07`,
        _run_id: r.pick(['run-1', 'run-2']),
        _file_seq: r.int(0, 1),
        _line: line++,
      };
    });
  }).flat();

  return {
    asOf,
    lake: {
      dtks,
      bpjs_kesehatan: bpjs('segmen', ['PBI_APBN', 'PBI_APBD', 'PPU', 'PBPU']),
      bpjs_ketenagakerjaan: bpjs('kategori', ['BPU', 'PU']),
      pkh,
      penduduk,
      puskesos,
      rujukan,
    },
  };
}

/**
 * A small lake of boundary cases that the demo generator rarely or never produces, for the oracle
 * comparison (as-of 2026-03-20; end(2025-12) = 12-31, end(2026-01) = 01-31, end(2026-02) = 02-28,
 * end(2026-03) = 03-20). A, B in Kec. Selat (62.03.01), C in Kec. Pulau Petak (62.03.06), X outside
 * the region.
 *
 * DTKS 2026-01 and 2026-02 (ages on 01-31 / 02-28, and March carries February's ages, not 03-20's):
 *   e1  k1 A KEPALA  2008-02-29 desil 3 PETANI  — leap-day birthday: 17 on 2026-02-28
 *   e2  k1 A ISTRI   1966-03-10 desil 5  BURUH_HARIAN — 59 on 02-28 (60 only on 03-10)
 *   e3  k2 B KEPALA  1960-01-01 desil –  (≥ 60); e4 k2 C ANAK desil 5; e5 k2 C ANAK desil 2
 *       → desa B (the head's), desil 2 (head unknown → lowest member), eligible
 *   e6  k3 C ANAK desil 4 BERAT; e7 k3 B ANAK desil 4 → no head, 1 vs 1 → smallest code B
 *   e9  k4 B KEPALA id E20 desil 9; e10 k4 A KEPALA id E19 desil 1 hamil → desa A, desil 1
 *   e11 k5 A KEPALA desil –; e12 k5 A ANAK 2020 desil – (January only) → desil unknown
 *   e13 k6 A KEPALA 2008-01-31 PEDAGANG (18 on 01-31), verified 2025-01-31 (= end − 365 in Jan)
 *   e14 k6 A 1966-01-31 NELAYAN (60 on 01-31), verified 2025-01-30
 *   e15 k6 A 1966-02-01 PEKERJA_INFORMAL (59 on 01-31, 60 on 02-28), verified 2026-02-28
 *       (e2, e13–e15 have desil 5: in the bpu band, so their age boundaries decide)
 *   February adds e16 k7 C KEPALA desil 2 and e17 k7 C ANAK born 2025-12-01.
 * Rujukan: closing boundaries (age 30 vs 31, buckets 7/8, 14/15), a DITOLAK complaint open at a
 * past month end, an even-count median, version ties broken by _run_id then _file_seq then _line,
 * a version that moves the complaint to another desa and lembaga, and exact duplicate rows (the
 * ETL wrote those before a fix, see README.md; version selection must not mind them).
 */
import type { LakeRows, Row } from '../fixtures/warehouse/writeLake.js';
import { pseudo } from '../fixtures/warehouse/writeLake.js';

export const EDGE_AS_OF = '2026-03-20';
export const A = '62.03.01.1006';
export const B = '62.03.01.1007';
export const C = '62.03.06.2001';
export const X = '62.01.01.1011';

const nik = (p: string) => pseudo(`edge-nik-${p}`);
const kk = (k: string) => pseudo(`edge-kk-${k}`);

function person(
  p: string,
  k: string,
  desa: string,
  hub: string,
  lahir: string,
  extra: Row = {},
): Row {
  return {
    id_dtks: `E${p.slice(1).padStart(2, '0')}`,
    nik: nik(p),
    no_kk: kk(k),
    kode_desa: desa,
    hubungan_keluarga: hub,
    tanggal_lahir: lahir,
    jenis_kelamin: 'P',
    desil: null,
    disabilitas: 'TIDAK',
    hamil: 'TIDAK',
    pekerjaan: null,
    tanggal_verifikasi: null,
    ...extra,
  };
}

const everyone: Row[] = [
  person('e1', 'k1', A, 'KEPALA_KELUARGA', '2008-02-29', { desil: 3, pekerjaan: 'PETANI' }),
  person('e2', 'k1', A, 'ISTRI_SUAMI', '1966-03-10', { desil: 5, pekerjaan: 'BURUH_HARIAN' }),
  person('e3', 'k2', B, 'KEPALA_KELUARGA', '1960-01-01'),
  person('e4', 'k2', C, 'ANAK', '2000-05-05', { desil: 5 }),
  person('e5', 'k2', C, 'ANAK', '1999-05-05', { desil: 2 }),
  person('e6', 'k3', C, 'ANAK', '1990-01-01', { desil: 4, disabilitas: 'BERAT' }),
  person('e7', 'k3', B, 'ANAK', '1991-01-01', { desil: 4 }),
  // listed first so that row order cannot pick the head: id E20 loses to E19
  { ...person('e9', 'k4', B, 'KEPALA_KELUARGA', '1970-01-01', { desil: 9 }), id_dtks: 'E20' },
  {
    ...person('e10', 'k4', A, 'KEPALA_KELUARGA', '1995-01-01', { desil: 1, hamil: 'YA' }),
    id_dtks: 'E19',
  },
  person('e11', 'k5', A, 'KEPALA_KELUARGA', '1980-01-01'),
  person('e13', 'k6', A, 'KEPALA_KELUARGA', '2008-01-31', {
    desil: 5,
    pekerjaan: 'PEDAGANG',
    tanggal_verifikasi: '2025-01-31',
  }),
  person('e14', 'k6', A, 'FAMILI_LAIN', '1966-01-31', {
    desil: 5,
    pekerjaan: 'NELAYAN',
    tanggal_verifikasi: '2025-01-30',
  }),
  person('e15', 'k6', A, 'FAMILI_LAIN', '1966-02-01', {
    desil: 5,
    pekerjaan: 'PEKERJA_INFORMAL',
    tanggal_verifikasi: '2026-02-28',
  }),
];
const januaryOnly = [person('e12', 'k5', A, 'ANAK', '2020-01-01')];
const februaryOnly = [
  person('e16', 'k7', C, 'KEPALA_KELUARGA', '1990-06-06', { desil: 2 }),
  person('e17', 'k7', C, 'ANAK', '2025-12-01', { desil: 2 }),
];

const snapshot = (periode: string, rows: Row[]) => rows.map((r) => ({ periode, ...r }));

const kes = (periode: string, p: string, desa: string, segmen: string, status = 'AKTIF'): Row => ({
  periode,
  nik: nik(p),
  kode_desa: desa,
  segmen,
  status,
});

type Rujukan = Partial<Record<string, string | number | null>>;
function rujukan(id: string, row: Rujukan): Row {
  return {
    id_rujukan: id,
    nik: nik(`r-${id}`),
    kategori: 'BANSOS',
    kanal: 'SLRT',
    lembaga_tujuan: 'DINSOS',
    tanggal_selesai: null,
    diperbarui_pada: '2026-03-20 08:00:00+07',
    ...row,
  } as Row;
}

const r3 = { tanggal_keluhan: '2026-01-21', status: 'DIRUJUK' };
const r8 = {
  tanggal_keluhan: '2026-02-27',
  kode_desa: A,
  diperbarui_pada: '2026-03-01 10:00:00+07',
};
const r4 = rujukan('R4', {
  tanggal_keluhan: '2026-02-01',
  kode_desa: C,
  lembaga_tujuan: 'DINKES',
  status: 'SELESAI',
  tanggal_selesai: '2026-02-15',
  _run_id: 'run-1',
  _file_seq: 0,
  _line: 40,
});

export const edgeLake: LakeRows = {
  penduduk: [
    { kode_desa: A, tahun: 2025, jumlah_penduduk: 50 },
    { kode_desa: B, tahun: 2026, jumlah_penduduk: 40 },
    { kode_desa: C, tahun: 2024, jumlah_penduduk: 30 },
    { kode_desa: C, tahun: 2026, jumlah_penduduk: 35 },
  ],
  dtks: [
    ...snapshot('2026-01-01', [...everyone, ...januaryOnly]),
    ...snapshot('2026-02-01', [...everyone, ...februaryOnly]),
  ],
  bpjs_kesehatan: [
    kes('2025-12-01', 'e1', A, 'PBI_APBN'),
    kes('2025-12-01', 'e3', B, 'PPU'),
    kes('2025-12-01', 'q1', C, 'PBI_APBD'),
    kes('2025-12-01', 'e6', C, 'PBI_APBN', 'NONAKTIF'),
    // coverage of a DTKS person follows the NIK; uhc_pct follows this row's desa (C)
    kes('2026-02-01', 'e1', C, 'PBI_APBN'),
    kes('2026-02-01', 'e2', A, 'PBI_APBD'),
    kes('2026-02-01', 'e5', C, 'PBPU'),
    kes('2026-02-01', 'e6', C, 'PBI_APBN', 'NONAKTIF'),
    kes('2026-02-01', 'q1', C, 'PBI_APBD'),
    kes('2026-02-01', 'q2', A, 'PBI_APBN'),
    kes('2026-02-01', 'e16', X, 'PBI_APBD'),
    kes('2026-02-01', 'q3', X, 'PBI_APBN'),
  ],
  bpjs_ketenagakerjaan: [
    { periode: '2026-01-01', nik: nik('e13'), kode_desa: A, kategori: 'BPU', status: 'AKTIF' },
    { periode: '2026-01-01', nik: nik('e15'), kode_desa: A, kategori: 'PU', status: 'NONAKTIF' },
    { periode: '2026-01-01', nik: nik('e2'), kode_desa: X, kategori: 'JAKON', status: 'AKTIF' },
  ],
  pkh: [
    { tahun: 2025, tahap: 4, no_kk: kk('k3'), kode_desa: C, status_salur: 'SALUR', nominal: 1 },
    { tahun: 2025, tahap: 4, no_kk: kk('k1'), kode_desa: A, status_salur: 'GAGAL', nominal: 1 },
    { tahun: 2026, tahap: 1, no_kk: kk('k2'), kode_desa: C, status_salur: 'SALUR', nominal: 1 },
    { tahun: 2026, tahap: 1, no_kk: kk('k1'), kode_desa: A, status_salur: 'BELUM_SALUR' },
    { tahun: 2026, tahap: 2, no_kk: kk('k4'), kode_desa: B, status_salur: 'SALUR', nominal: 1 },
    { tahun: 2026, tahap: 1, no_kk: kk('k7'), kode_desa: C, status_salur: 'SALUR', nominal: 1 },
    { tahun: 2026, tahap: 1, no_kk: kk('k7'), kode_desa: C, status_salur: 'SALUR', nominal: 1 },
  ],
  puskesos: [
    { kode_desa: A, nama_puskesos: 'Puskesos A', status: 'AKTIF', tanggal_sk: '2026-02-28' },
    { kode_desa: B, nama_puskesos: 'Puskesos B', status: 'AKTIF', tanggal_sk: '2026-03-20' },
    { kode_desa: C, nama_puskesos: 'Puskesos C', status: 'TIDAK_AKTIF', tanggal_sk: null },
    { kode_desa: X, nama_puskesos: 'Puskesos X', status: 'AKTIF', tanggal_sk: null },
  ],
  rujukan: [
    rujukan('R1', {
      tanggal_keluhan: '2025-12-01',
      kode_desa: A,
      status: 'SELESAI',
      tanggal_selesai: '2026-01-01',
    }),
    rujukan('R2', {
      tanggal_keluhan: '2025-11-30',
      kode_desa: A,
      lembaga_tujuan: 'DINKES',
      status: 'DITOLAK',
      tanggal_selesai: '2026-02-01',
    }),
    // R3 moves from C/DINSOS to B/DISDIK in its later version
    rujukan('R3', {
      ...r3,
      kode_desa: C,
      status: 'DITERIMA',
      diperbarui_pada: '2026-01-21 08:00:00+07',
    }),
    rujukan('R3', {
      ...r3,
      kode_desa: B,
      lembaga_tujuan: 'DISDIK',
      diperbarui_pada: '2026-01-25 08:00:00+07',
    }),
    r4,
    r4,
    rujukan('R5', {
      tanggal_keluhan: '2026-02-03',
      kode_desa: C,
      lembaga_tujuan: 'DINKES',
      status: 'SELESAI',
      tanggal_selesai: '2026-02-18',
    }),
    rujukan('R6', {
      tanggal_keluhan: '2026-01-10',
      kode_desa: B,
      status: 'SELESAI',
      tanggal_selesai: '2026-02-20',
    }),
    rujukan('R7', {
      tanggal_keluhan: '2026-02-10',
      kode_desa: A,
      status: 'SELESAI',
      tanggal_selesai: '2026-02-11',
    }),
    // R8: same diperbarui_pada in run-1 and run-2: run-2 wins; within run-2 line 7 beats line 3;
    // run-3's version is a second older and loses despite its run
    rujukan('R8', {
      ...r8,
      status: 'SELESAI',
      tanggal_selesai: '2026-03-01',
      _run_id: 'run-2',
      _file_seq: 0,
      _line: 7,
    }),
    rujukan('R8', {
      ...r8,
      status: 'DIRUJUK',
      lembaga_tujuan: 'BAZNAS',
      _run_id: 'run-2',
      _file_seq: 0,
      _line: 3,
    }),
    rujukan('R8', { ...r8, status: 'DITERIMA', _run_id: 'run-1', _file_seq: 5, _line: 9 }),
    rujukan('R8', {
      ...r8,
      status: 'DITERIMA',
      diperbarui_pada: '2026-03-01 09:59:59+07',
      _run_id: 'run-3',
      _file_seq: 9,
      _line: 99,
    }),
    rujukan('R9', {
      tanggal_keluhan: '2026-01-15',
      kode_desa: B,
      lembaga_tujuan: 'PEMDES',
      status: 'DITOLAK',
      tanggal_selesai: '2026-03-10',
    }),
    rujukan('R10', { tanggal_keluhan: '2026-01-05', kode_desa: X, status: 'DITERIMA' }),
    rujukan('R11', { tanggal_keluhan: '2026-02-20', kode_desa: A, status: 'DITERIMA' }),
    rujukan('R12', {
      tanggal_keluhan: '2026-02-21',
      kode_desa: A,
      lembaga_tujuan: 'BAZNAS',
      status: 'DIRUJUK',
    }),
    rujukan('R13', {
      tanggal_keluhan: '2026-01-29',
      kode_desa: C,
      lembaga_tujuan: 'DINKES',
      status: 'DITINDAKLANJUTI',
    }),
  ],
};

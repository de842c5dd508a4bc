/**
 * The seven feeds of the data contract (docs/data-contract.md) as data: columns with their
 * value kind, which are required, the key used for DUPLIKAT, and how the lake replaces a period.
 * Everything the validator does is generated from these specs, so a rule is written once.
 */
import { rujukanCodes } from '../warehouse/codes.js';

export type ValueKind =
  'nik' | 'kode_desa' | 'date' | 'timestamp' | 'periode' | 'tahun' | 'integer' | 'enum' | 'text';

export interface ColumnSpec {
  name: string;
  kind: ValueKind;
  required: boolean;
  /** enum: allowed upper-case codes. */
  values?: readonly string[];
  /** enum: synonym (normalised like a value) → code. */
  synonyms?: Readonly<Record<string, string>>;
  /** enum: code used when the value is empty. */
  emptyAs?: string;
}

export type FeedName =
  'penduduk' | 'dtks' | 'rujukan' | 'bpjs_kesehatan' | 'bpjs_ketenagakerjaan' | 'pkh' | 'puskesos';

/**
 * How a run's rows replace what earlier runs stored in the lake. Snapshot feeds replace by slice:
 * one folder per value of the columns and per kabupaten/kota (the first two segments of the rows'
 * kode_desa, folder `kab=62.03`), so a file that brings one kabupaten's rows never removes another
 * kabupaten's rows of the same period (a BPJS branch office serves several kabupaten).
 */
export type LakePartition =
  | { by: 'slice'; columns: readonly string[] } // per value of these columns × kabupaten/kota
  | { by: 'run' }; // rujukan: every run adds its versions; the warehouse keeps the latest

export interface FeedSpec {
  name: FeedName;
  columns: readonly ColumnSpec[];
  /** Columns of the DUPLIKAT key (after normalisation); null: no DUPLIKAT rule. */
  key: readonly string[] | null;
  partition: LakePartition;
}

const req = (name: string, kind: ValueKind, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  kind,
  required: true,
  ...extra,
});
const opt = (name: string, kind: ValueKind, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  kind,
  required: false,
  ...extra,
});
const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

const STATUS_AKTIF = ['AKTIF', 'NONAKTIF'] as const;

export const FEEDS: readonly FeedSpec[] = [
  {
    name: 'penduduk',
    columns: [
      req('kode_desa', 'kode_desa'),
      req('tahun', 'tahun'),
      req('jumlah_penduduk', 'integer'),
      opt('jumlah_kk', 'integer'),
    ],
    key: ['kode_desa', 'tahun'],
    partition: { by: 'slice', columns: ['tahun'] },
  },
  {
    name: 'dtks',
    columns: [
      req('periode', 'periode'),
      req('id_dtks', 'text'),
      req('nik', 'nik'),
      req('no_kk', 'nik'),
      req('kode_desa', 'kode_desa'),
      req('tanggal_lahir', 'date'),
      req('jenis_kelamin', 'enum', {
        values: ['L', 'P'],
        synonyms: { LAKI_LAKI: 'L', PEREMPUAN: 'P', '1': 'L', '2': 'P' },
      }),
      req('hubungan_keluarga', 'enum', {
        values: [
          'KEPALA_KELUARGA',
          'ISTRI_SUAMI',
          'ANAK',
          'MENANTU',
          'CUCU',
          'ORANG_TUA',
          'FAMILI_LAIN',
          'LAINNYA',
        ],
        synonyms: { ISTRI: 'ISTRI_SUAMI', SUAMI: 'ISTRI_SUAMI' },
      }),
      opt('desil', 'enum', { values: range(1, 10) }),
      opt('disabilitas', 'enum', {
        values: ['TIDAK', 'RINGAN', 'SEDANG', 'BERAT'],
        emptyAs: 'TIDAK',
      }),
      opt('hamil', 'enum', { values: ['YA', 'TIDAK'], emptyAs: 'TIDAK' }),
      opt('pekerjaan', 'enum', {
        values: [
          'TIDAK_BEKERJA',
          'PELAJAR',
          'MENGURUS_RUMAH_TANGGA',
          'PETANI',
          'NELAYAN',
          'BURUH_HARIAN',
          'PEDAGANG',
          'PEKERJA_INFORMAL',
          'KARYAWAN',
          'PNS_TNI_POLRI',
          'PENSIUNAN',
        ],
      }),
      opt('tanggal_verifikasi', 'date'),
    ],
    key: ['periode', 'nik'],
    partition: { by: 'slice', columns: ['periode'] },
  },
  {
    name: 'rujukan',
    columns: [
      req('id_rujukan', 'text'),
      req('tanggal_keluhan', 'date'),
      req('nik', 'nik'),
      req('kode_desa', 'kode_desa'),
      // The code lists are shared with the API and the web: warehouse/codes.ts.
      req('kategori', 'enum', { values: rujukanCodes.kategori }),
      req('kanal', 'enum', { values: rujukanCodes.kanal }),
      req('lembaga_tujuan', 'enum', { values: rujukanCodes.lembaga_tujuan }),
      req('status', 'enum', { values: rujukanCodes.status }),
      // Read only when the status is closed; see closedStatusRule in validate.ts.
      opt('tanggal_selesai', 'date'),
      req('diperbarui_pada', 'timestamp'),
    ],
    key: null,
    partition: { by: 'run' },
  },
  {
    name: 'bpjs_kesehatan',
    columns: [
      req('periode', 'periode'),
      req('nik', 'nik'),
      req('kode_desa', 'kode_desa'),
      req('segmen', 'enum', { values: ['PBI_APBN', 'PBI_APBD', 'PPU', 'PBPU', 'BP'] }),
      req('status', 'enum', { values: STATUS_AKTIF }),
    ],
    key: ['periode', 'nik'],
    partition: { by: 'slice', columns: ['periode'] },
  },
  {
    name: 'bpjs_ketenagakerjaan',
    columns: [
      req('periode', 'periode'),
      req('nik', 'nik'),
      req('kode_desa', 'kode_desa'),
      req('kategori', 'enum', { values: ['PU', 'BPU', 'JAKON', 'PMI'] }),
      req('status', 'enum', { values: STATUS_AKTIF }),
    ],
    key: ['periode', 'nik'],
    partition: { by: 'slice', columns: ['periode'] },
  },
  {
    name: 'pkh',
    columns: [
      req('tahun', 'tahun'),
      req('tahap', 'enum', { values: range(1, 4) }),
      req('no_kk', 'nik'),
      req('kode_desa', 'kode_desa'),
      req('status_salur', 'enum', { values: ['SALUR', 'BELUM_SALUR', 'GAGAL'] }),
      opt('nominal', 'integer'),
    ],
    key: ['tahun', 'tahap', 'no_kk'],
    partition: { by: 'slice', columns: ['tahun', 'tahap'] },
  },
  {
    name: 'puskesos',
    columns: [
      req('kode_desa', 'kode_desa'),
      req('nama_puskesos', 'text'),
      req('status', 'enum', { values: ['AKTIF', 'TIDAK_AKTIF'] }),
      opt('tanggal_sk', 'date'),
    ],
    key: ['kode_desa'],
    partition: { by: 'slice', columns: [] }, // the register of each kabupaten
  },
];

export const FEED_NAMES: readonly FeedName[] = FEEDS.map((f) => f.name);

export function feedSpec(name: FeedName): FeedSpec {
  const spec = FEEDS.find((f) => f.name === name);
  if (!spec) throw new Error(`unknown feed ${name}`);
  return spec;
}

/** Header normalisation of the contract: case-insensitive; spaces, `-` and `_` are equivalent. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');
}

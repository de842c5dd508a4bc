/**
 * The eight feeds of the data contract (docs/data-contract.md) as data: columns with their
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
  /** The header must name this column although a value may be empty (DTSEN's desil). */
  headerRequired?: boolean;
  /** Headers of real exports also read as this column in this feed (docs/registry.md). */
  headers?: readonly string[];
}

/** A feed of the contract: an inbox folder, and the name runs and rejects report under. */
export type FeedName =
  | 'penduduk'
  | 'dtks'
  | 'dtsen'
  | 'rujukan'
  | 'bpjs_kesehatan'
  | 'bpjs_ketenagakerjaan'
  | 'pkh'
  | 'puskesos';

/** A table of the lake (warehouse/lake.ts): one per feed, two for `dtsen` (family, member). */
export type TableName = Exclude<FeedName, 'dtsen'> | 'dtsen_keluarga' | 'dtsen_anggota';

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
  /** The lake table the rows go to (and the scratch tables of the run). */
  name: TableName;
  /** The feed: inbox folder, run summary and rejects. */
  feed: FeedName;
  /**
   * A feed with several file kinds (dtsen): the kind a file is, told by its header — a file with
   * a column that maps to this one is of this kind, else of the feed's kind without it.
   */
  kindColumn?: string;
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
const DESIL = range(1, 10);
/** `YA`/`TIDAK` with the synonyms of real exports; empty = `TIDAK`. */
const YA_TIDAK = {
  values: ['YA', 'TIDAK'],
  synonyms: { '1': 'YA', '0': 'TIDAK', Y: 'YA', N: 'TIDAK', TRUE: 'YA', FALSE: 'TIDAK' },
  emptyAs: 'TIDAK',
} as const;

/** The person columns DTKS rows and DTSEN member rows share (docs/data-contract.md). */
const PERSON_COLUMNS: readonly ColumnSpec[] = [
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
];
const PERSON_DETAIL_COLUMNS: readonly ColumnSpec[] = [
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
];

export const FEEDS: readonly FeedSpec[] = [
  {
    name: 'penduduk',
    feed: 'penduduk',
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
    feed: 'dtks',
    columns: [
      req('periode', 'periode'),
      req('id_dtks', 'text'),
      req('nik', 'nik'),
      req('no_kk', 'nik'),
      req('kode_desa', 'kode_desa'),
      req('tanggal_lahir', 'date'),
      ...PERSON_COLUMNS,
      opt('desil', 'enum', { values: DESIL }),
      ...PERSON_DETAIL_COLUMNS,
      opt('tanggal_verifikasi', 'date'),
    ],
    key: ['periode', 'nik'],
    partition: { by: 'slice', columns: ['periode'] },
  },
  {
    name: 'dtsen_keluarga',
    feed: 'dtsen',
    columns: [
      req('periode', 'periode'),
      req('no_kk', 'nik'),
      req('kode_desa', 'kode_desa'),
      // The column is required; an empty value is an unknown desil (docs/registry.md).
      opt('desil_nasional', 'enum', {
        values: DESIL,
        headerRequired: true,
        headers: ['desil', 'jenis_desil'],
      }),
      opt('desil_provinsi', 'enum', { values: DESIL }),
      opt('desil_kabupaten_kota', 'enum', { values: DESIL }),
      opt('pbi_nas', 'enum', YA_TIDAK),
      opt('pbi_pemda', 'enum', YA_TIDAK),
      opt('tanggal_verifikasi', 'date'),
    ],
    key: ['periode', 'no_kk'],
    partition: { by: 'slice', columns: ['periode'] },
  },
  {
    name: 'dtsen_anggota',
    feed: 'dtsen',
    kindColumn: 'nik',
    columns: [
      req('periode', 'periode'),
      req('nik', 'nik'),
      req('no_kk', 'nik'),
      req('tanggal_lahir', 'date'),
      ...PERSON_COLUMNS,
      ...PERSON_DETAIL_COLUMNS,
    ],
    key: ['periode', 'nik'],
    // The slice's kabupaten is the family's: a member file has no kode_desa (etl/run.ts).
    partition: { by: 'slice', columns: ['periode'] },
  },
  {
    name: 'rujukan',
    feed: 'rujukan',
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
    feed: 'bpjs_kesehatan',
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
    feed: 'bpjs_ketenagakerjaan',
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
    feed: 'pkh',
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
    feed: 'puskesos',
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

/** The feeds (inbox folders), in the order a run reads them. */
export const FEED_NAMES: readonly FeedName[] = [...new Set(FEEDS.map((f) => f.feed))];

/** The specs of a feed's file kinds: one, or several told apart by `kindColumn`. */
export function feedSpecs(feed: FeedName): FeedSpec[] {
  return FEEDS.filter((f) => f.feed === feed);
}

export function feedSpec(name: TableName): FeedSpec {
  const spec = FEEDS.find((f) => f.name === name);
  if (!spec) throw new Error(`unknown feed ${name}`);
  return spec;
}

/**
 * Header normalisation of the contract: case-insensitive; spaces, `-`, `_`, `/` and `.` are
 * equivalent.
 */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_\-/.]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Headers that real exports carry (SIKS-NG's DTKS export, DTSEN releases), read as the contract
 * column in every feed that has it (docs/registry.md, "Real headers"). A feed-only synonym sits on
 * its column (`headers`).
 */
export const HEADER_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  id_dtks: ['IDDTKS', 'Id_DTKS', 'ID DTKS'],
  nik: ['Nik', 'NOMOR NIK', 'nomor_induk_kependudukan', 'NIK ART'],
  no_kk: ['Nokk', 'NO KK', 'NOMOR KK', 'nomor_kartu_keluarga'],
  hubungan_keluarga: ['Hub_Keluarga', 'HUB KEL', 'status_hubungan_keluarga'],
  kode_desa: ['kode_kelurahan_desa', 'kode_wilayah', 'kode_kemendagri'],
  tanggal_lahir: ['Tgl_Lahir', 'TGL LAHIR'],
};

/**
 * Which contract column each header position holds: the contract's own name wins; then the header
 * an admin mapped to the column (`mapped`: contract column → the file's header as written, the
 * column map of etl/mappings.ts); then a synonym, the leftmost (docs/registry.md, "Readings"). A
 * header the map gives to one column is no synonym of another.
 */
export function mapHeader(
  spec: FeedSpec,
  header: readonly string[],
  mapped: Readonly<Record<string, string>> = {},
): Map<string, number> {
  const normalised = header.map(normaliseHeader);
  const found = new Map<string, number>();
  const claimed = new Set<number>();
  for (const col of spec.columns) {
    const own = normalised.indexOf(col.name);
    if (own >= 0) found.set(col.name, own);
  }
  for (const col of spec.columns) {
    const to = mapped[col.name];
    if (found.has(col.name) || to === undefined) continue;
    const at = normalised.indexOf(normaliseHeader(to));
    if (at < 0) continue;
    found.set(col.name, at);
    claimed.add(at);
  }
  for (const col of spec.columns) {
    if (found.has(col.name)) continue;
    const synonyms = new Set(
      [...(HEADER_SYNONYMS[col.name] ?? []), ...(col.headers ?? [])].map(normaliseHeader),
    );
    const at = normalised.findIndex((h, i) => synonyms.has(h) && !claimed.has(i));
    if (at >= 0) found.set(col.name, at);
  }
  // In the specs' column order, as callers list them.
  return new Map(
    spec.columns.filter((c) => found.has(c.name)).map((c) => [c.name, found.get(c.name)!]),
  );
}

/**
 * The folder below a feed's inbox folder whose files are merged into the stored slices they
 * touch instead of replacing them (`inbox/bpjs_kesehatan/gabung/pbi-apbd_2026-06.csv`).
 */
export const MERGE_FOLDER = 'gabung';

/** Whether a file's path below its feed folder has a folder named `gabung` (any case). */
export function isMergePath(relative: string): boolean {
  return relative
    .split(/[\\/]/)
    .slice(0, -1)
    .some((segment) => segment.toLowerCase() === MERGE_FOLDER);
}

/**
 * The periode a file's path names (docs/registry.md, "Readings"): tokens split on `_ - / .`, a
 * `YYYY-MM` token counted whole; the first token of six digits (YYYYMM) or of the form YYYY-MM
 * with a month 01–12 wins, folders before the file name. Returns `YYYY-MM` or null.
 */
export function periodeFromPath(relative: string): string | null {
  for (const token of relative.match(/\d{4}-\d{2}(?=$|[_\-./])|[^_\-./]+/g) ?? []) {
    const m = /^(\d{4})-?(\d{2})$/.exec(token);
    if (!m || (token.length === 6) === token.includes('-')) continue;
    const month = Number(m[2]);
    if (month >= 1 && month <= 12) return `${m[1]}-${m[2]}`;
  }
  return null;
}

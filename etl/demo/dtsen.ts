/**
 * DTSEN releases of the demo: per release a family file and a member file for the kabupaten, as
 * BPS delivers them (docs/registry.md): pipe-delimited, every field quoted, the real header names,
 * no periode column (the first release names it in its folder, the next in the file name), a few
 * lines that cannot be split (BARIS_RUSAK), and Latin-1 bytes in the names of one file.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { iso, monthLabel, type MonthIndex } from './dates.js';
import { KABUPATEN, type Desa } from './kapuas.js';
import type { Rng } from './random.js';
import { CsvSink } from './sinks.js';
import type { DtsenRank, Person } from './world.js';

export const DTSEN_KELUARGA_HEADER = [
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

export const DTSEN_ANGGOTA_HEADER = [
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

/** Where a broken line is planted: three early rows of every file, then one in 50,000. */
function plantedAt(row: number): boolean {
  return row === 37 || row === 1037 || row === 4037 || row % 50_000 === 25_000;
}

/**
 * A CSV sink that breaks a few of its lines the three ways real releases do: a quote never
 * closed, text after a closing quote (a nickname in quotes), a field too many. The row is lost.
 */
export class DtsenSink extends CsvSink {
  planted = 0;

  constructor(
    file: string,
    header: readonly string[],
    private readonly nameColumn: number,
    latin1: boolean,
  ) {
    super(file, header, { delimiter: '|', quoteAll: true, encoding: latin1 ? 'latin1' : 'utf8' });
  }

  override push(values: readonly string[]): void {
    if (!plantedAt(this.rows)) {
      super.push(values);
      return;
    }
    const fields = values.map((v) => `"${v}"`);
    const kind = this.planted++ % 3;
    if (kind === 0) {
      const last = fields.length - 1;
      fields[last] = (fields[last] as string).slice(0, -1);
    } else if (kind === 1) {
      fields[this.nameColumn] = `"${values[this.nameColumn] ?? ''}" JR"`;
    } else {
      fields.push('""');
    }
    this.pushRaw(fields.join('|'));
  }
}

export interface DtsenRelease {
  /** Snapshot index of the demo window. */
  s: number;
  /** 0 for the first DTSEN release of the window (v2), 1 for the next (v3). */
  k: number;
  keluarga: DtsenSink;
  anggota: DtsenSink;
}

/** `dtsen/2026-01/keluarga_dtsen_v2_6203.csv`, then `dtsen/keluarga_dtsen_v3_202607_6203.csv`. */
export function openDtsenRelease(
  out: string,
  s: number,
  k: number,
  mi: MonthIndex,
  region: string = KABUPATEN,
): DtsenRelease {
  const kab = region.replace('.', '');
  const version = `v${k + 2}`;
  const label = monthLabel(mi);
  if (k === 0) mkdirSync(path.join(out, 'dtsen', label), { recursive: true });
  const file = (kind: string): string =>
    k === 0
      ? path.join(out, 'dtsen', label, `${kind}_dtsen_${version}_${kab}.csv`)
      : path.join(out, 'dtsen', `${kind}_dtsen_${version}_${label.replace('-', '')}_${kab}.csv`);
  return {
    s,
    k,
    keluarga: new DtsenSink(file('keluarga'), DTSEN_KELUARGA_HEADER, 1, false),
    // The first release's member file comes from a Windows machine: Latin-1.
    anggota: new DtsenSink(file('anggota_keluarga'), DTSEN_ANGGOTA_HEADER, 2, k === 0),
  };
}

const HUBUNGAN: Record<Person['rel'], string> = {
  KEPALA_KELUARGA: 'KEPALA KELUARGA',
  ISTRI_SUAMI: 'ISTRI',
  ANAK: 'ANAK',
  CUCU: 'CUCU',
  ORANG_TUA: 'ORANG TUA',
  FAMILI_LAIN: 'FAMILI LAIN',
};

/** Latin-1 spellings that Windows exports carry in names. */
const ACCENTED: readonly [RegExp, string][] = [
  [/E/, 'É'],
  [/A/, 'Á'],
  [/U/, 'Ü'],
];

export function anggotaRow(
  rel: DtsenRelease,
  noKk: string,
  p: Person,
  job: string,
  pregnant: boolean,
  rng: Rng,
): string[] {
  const v2 = rel.k === 0;
  let name = p.name;
  if (v2 && rng.chance(0.02)) {
    const [re, to] = rng.pick(ACCENTED);
    name = name.replace(re, to);
  }
  const hubungan = p.rel === 'ISTRI_SUAMI' ? (p.sex === 'P' ? 'ISTRI' : 'SUAMI') : HUBUNGAN[p.rel];
  return [
    p.nik,
    noKk,
    name,
    iso(p.birth),
    v2 ? (p.sex === 'L' ? 'LAKI-LAKI' : 'PEREMPUAN') : p.sex === 'L' ? '1' : '2',
    hubungan,
    v2 && p.disab === 'TIDAK' ? '' : p.disab,
    pregnant ? 'YA' : v2 ? '' : 'TIDAK',
    job.replaceAll('_', ' '),
  ];
}

export function keluargaRow(
  rel: DtsenRelease,
  noKk: string,
  head: string,
  d: Desa,
  rank: DtsenRank | null,
  pbi: { nas: boolean; pemda: boolean },
  alamat: string,
): string[] {
  const yes = (b: boolean): string => (rel.k === 0 ? (b ? '1' : '0') : b ? 'YA' : 'TIDAK');
  return [
    noKk,
    head,
    d.code.replaceAll('.', ''),
    d.name.toUpperCase(),
    d.kecamatan.name.toUpperCase(),
    alamat,
    rank ? String(rank.nasional) : '',
    rank ? String(rank.provinsi) : '',
    rank ? String(rank.kabupatenKota) : '',
    yes(pbi.nas),
    yes(pbi.pemda),
  ];
}

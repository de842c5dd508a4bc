/**
 * The geography of the demo: real kecamatan and desa of Kabupaten Kapuas (62.03) from the wilayah
 * reference, with made-up but plausible population weights and a remoteness score per kecamatan.
 * Another kabupaten/kota (`--region`, e.g. 62.71 for a province demo) gets its real kecamatan and
 * desa with a plain profile: GENERIC_RESIDENTS_PER_DESA residents per desa, shares by desa count,
 * remoteness rising with the kecamatan's code.
 */
import { readFileSync } from 'node:fs';
import { wilayahCsv } from '../../warehouse/wilayah.js';
import { Rng } from './random.js';

export const KABUPATEN = '62.03';
/** BPS mid-2023 projection for Kabupaten Kapuas. */
export const POPULATION_2023 = 425_000;
/** Another region's residents per desa at --scale 1 (made up: only the demo's size). */
export const GENERIC_RESIDENTS_PER_DESA = 2_000;

/**
 * Approximate population share and remoteness (0 = Kuala Kapuas and the coast, 1 = far upriver) per
 * kecamatan. Shares are rough orders of magnitude from census figures, not official data.
 */
const KECAMATAN_PROFILE: Record<string, { share: number; remote: number }> = {
  '62.03.01': { share: 60, remote: 0 }, // Selat (Kuala Kapuas)
  '62.03.02': { share: 21, remote: 0.1 }, // Kapuas Hilir
  '62.03.03': { share: 28, remote: 0.2 }, // Kapuas Timur
  '62.03.04': { share: 27, remote: 0.35 }, // Kapuas Kuala
  '62.03.05': { share: 15, remote: 0.3 }, // Kapuas Barat
  '62.03.06': { share: 14, remote: 0.25 }, // Pulau Petak
  '62.03.07': { share: 26, remote: 0.4 }, // Kapuas Murung
  '62.03.08': { share: 16, remote: 0.2 }, // Basarang
  '62.03.09': { share: 45, remote: 0.6 }, // Mantangai
  '62.03.10': { share: 12, remote: 0.85 }, // Timpah
  '62.03.11': { share: 18, remote: 0.75 }, // Kapuas Tengah
  '62.03.12': { share: 10, remote: 0.95 }, // Kapuas Hulu
  '62.03.13': { share: 12, remote: 0.4 }, // Tamban Catur
  '62.03.14': { share: 7, remote: 0.85 }, // Pasak Talawang
  '62.03.15': { share: 6, remote: 1 }, // Mandau Talawang
  '62.03.16': { share: 25, remote: 0.55 }, // Dadahup
  '62.03.17': { share: 30, remote: 0.15 }, // Bataguh
};

export interface Kecamatan {
  code: string;
  name: string;
  remote: number;
  desa: Desa[];
}

export interface Desa {
  code: string;
  name: string;
  kecamatan: Kecamatan;
  /** 1 for a kelurahan (code 1xxx), urban and larger. */
  kelurahan: boolean;
  /** Residents in the reference year, already multiplied by --scale. */
  penduduk: number;
}

export interface OtherVillage {
  code: string;
  districtCode: string;
}

function readCsv(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.length > 0)
    .map((l) => l.split(',').map((f) => f.replace(/^"|"$/g, '')));
}

export function loadKapuas(seed: number, scale: number, region: string = KABUPATEN): Kecamatan[] {
  const districts = readCsv(wilayahCsv.districts).filter(([, regency]) => regency === region);
  const kecamatan = districts.map(([code, , name], i): Kecamatan => {
    const profile =
      region === KABUPATEN
        ? KECAMATAN_PROFILE[code as string]
        : { share: 0, remote: districts.length > 1 ? (0.8 * i) / (districts.length - 1) : 0 };
    if (!profile) throw new Error(`Kecamatan ${code} tidak dikenal di profil demo Kapuas`);
    return { code: code as string, name: name as string, remote: profile.remote, desa: [] };
  });
  const byCode = new Map(kecamatan.map((k) => [k.code, k]));
  for (const [code, district, name] of readCsv(wilayahCsv.villages)) {
    const kec = byCode.get(district as string);
    if (!kec) continue;
    const kelurahan = (code as string).split('.')[3]?.startsWith('1') ?? false;
    kec.desa.push({
      code: code as string,
      name: name as string,
      kecamatan: kec,
      kelurahan,
      penduduk: 0,
    });
  }
  if (kecamatan.length === 0)
    throw new Error(`Referensi wilayah tidak memuat kabupaten/kota ${region}`);
  assignPopulation(kecamatan, seed, scale, region);
  return kecamatan;
}

function assignPopulation(
  kecamatan: Kecamatan[],
  seed: number,
  scale: number,
  region: string,
): void {
  const rng = new Rng(seed, 'penduduk-bobot');
  const kapuas = region === KABUPATEN;
  const share = (k: Kecamatan) =>
    kapuas ? (KECAMATAN_PROFILE[k.code]?.share ?? 0) : k.desa.length;
  const population = kapuas
    ? POPULATION_2023
    : GENERIC_RESIDENTS_PER_DESA * kecamatan.reduce((s, k) => s + k.desa.length, 0);
  const totalShare = kecamatan.reduce((s, k) => s + share(k), 0);
  for (const kec of kecamatan) {
    const kecTotal = (population * scale * share(kec)) / totalShare;
    const weights = kec.desa.map((d) => Math.exp(0.45 * rng.normal()) * (d.kelurahan ? 3 : 1));
    const sum = weights.reduce((a, b) => a + b, 0);
    kec.desa.forEach((d, i) => {
      d.penduduk = Math.max(1, Math.round((kecTotal * (weights[i] as number)) / sum));
    });
  }
}

/** Villages of neighbouring kabupaten served by the same BPJS branch office. */
export function neighbourVillages(region: string = KABUPATEN): OtherVillage[] {
  const served = new Set(['62.03', '62.11', '62.04', '62.71']);
  served.delete(region);
  if (region !== KABUPATEN) served.delete('62.11');
  return readCsv(wilayahCsv.villages)
    .filter(([code]) => served.has((code as string).slice(0, 5)))
    .map(([code, district]) => ({ code: code as string, districtCode: district as string }));
}

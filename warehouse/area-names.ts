/**
 * How an area's name or code from an office's file is compared with the wilayah reference
 * (idn-area-data). One rule for every part that matches by name — the boundary import
 * (api/areas/boundary-import.ts) and the ETL — so that a name that matches in one matches in the
 * other. No fuzzy matching: two names are the same area only when their normal forms are equal.
 */

/** A leading whole word that says what kind of area follows ("Desa Sei Pitung", "KEL. SELAT"). */
const KIND_PREFIX = /^(?:DESA|KELURAHAN|KEL|DS|KEC) (?=\S)/;

/**
 * The normal form of an area name: upper case, every run of characters other than letters and
 * digits one space, trimmed, and a leading whole word DESA, KELURAHAN, KEL, DS or KEC dropped
 * ("Desa Sei. Pitung" → "SEI PITUNG", "KEL. Selat Hilir" → "SELAT HILIR", "Kelurahan" alone stays).
 */
export function normaliseAreaName(name: string): string {
  const plain = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return plain.replace(KIND_PREFIX, '');
}

/** Digits per segment of a Kemendagri code: provinsi, kabupaten/kota, kecamatan, desa. */
const SEGMENTS = [2, 2, 2, 4] as const;

/**
 * A Kemendagri area code written dotted (`62.03.01.2001`) or not (`6203012001`), with spaces or
 * a number's `.0` tail from a spreadsheet, as the dotted code; null when it is neither (BPS codes
 * have other lengths per level: 7 digits for a kecamatan, 10 for a desa with a 3-digit last part).
 */
export function normaliseAreaCode(value: unknown): string | null {
  if (value == null) return null;
  let text = String(value).trim();
  if (typeof value === 'number') text = String(Math.trunc(value));
  text = text.replace(/\s+/g, '');
  if (/^\d{2}(?:\.\d{2}){1,2}(?:\.\d{4})?$/.test(text)) return text;
  if (!/^\d+$/.test(text)) return null;
  const lengths = [2, 4, 6, 10];
  const level = lengths.indexOf(text.length);
  if (level < 0) return null;
  const parts: string[] = [];
  let at = 0;
  for (const size of SEGMENTS.slice(0, level + 1)) {
    parts.push(text.slice(at, at + size));
    at += size;
  }
  return parts.join('.');
}

/** The levels of the wilayah reference, top down; a served region is a provinsi or a kabupaten. */
export const AREA_LEVELS = ['provinsi', 'kabupaten', 'kecamatan', 'desa'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/** The level of a dotted Kemendagri code by its parts: 62, 62.03, 62.03.01, 62.03.01.1001. */
export function levelOfCode(code: string): AreaLevel {
  return AREA_LEVELS[Math.min(code.split('.').length, 4) - 1]!;
}

/** `NN` (provinsi) or `NN.NN` (kabupaten/kota): the codes REGION_CODE may take. */
export const REGION_CODE_PATTERN = /^\d{2}(\.\d{2})?$/;

import { describe, expect, it } from 'vitest';
import { normaliseAreaCode, normaliseAreaName } from './area-names.js';

describe('normaliseAreaName', () => {
  it.each([
    ['Selat Dalam', 'SELAT DALAM'],
    ['DESA SEI. PITUNG', 'SEI PITUNG'],
    ['Kel. Selat Hilir', 'SELAT HILIR'],
    ['kelurahan  Selat--Tengah ', 'SELAT TENGAH'],
    ['Ds. Anjir Serapat Baru', 'ANJIR SERAPAT BARU'],
    ['KEC. Kapuas Hilir', 'KAPUAS HILIR'],
    ['Bati-Bati', 'BATI BATI'],
    ['Soka"an', 'SOKA AN'],
    ['Lubuk Pakam I,II', 'LUBUK PAKAM I II'],
    // a leading word only when it is a whole word followed by a name
    ['Desaku Indah', 'DESAKU INDAH'],
    ['Kelurahan', 'KELURAHAN'],
    ['Desa Desa Baru', 'DESA BARU'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseAreaName(input)).toBe(expected);
  });
});

describe('normaliseAreaCode', () => {
  it.each([
    ['62.03.01.2001', '62.03.01.2001'],
    ['6203012001', '62.03.01.2001'],
    [6203012001, '62.03.01.2001'],
    [' 620301 ', '62.03.01'],
    ['62.03', '62.03'],
    ['6203010001x', null],
    ['6203012', null], // BPS kecamatan code (7 digits)
    ['', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(normaliseAreaCode(input)).toBe(expected);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { ValueKind } from './mask.js';
import { maskStoredValueSql, maskValueSql } from './mask.js';
import { sqlString } from './wilayah.js';

let db: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
});
afterAll(() => {
  conn.closeSync();
  db.closeSync();
});

async function masked(value: string, kind: ValueKind | null): Promise<string | null> {
  const rows = await conn.runAndReadAll(`SELECT ${maskValueSql(sqlString(value), kind)} AS v`);
  const v = rows.getRowObjectsJS()[0].v;
  return v === null ? null : String(v);
}

describe('one masking rule for every rejected value', () => {
  it.each<[ValueKind | null, string, string]>([
    // the shown values of the sample inbox (tests/fixtures/samples/EXPECTED.md)
    ['nik', '6,20306E+15', '6,20306E+**'],
    ['kode_desa', '62.03.99.2002', '62.03.99.2002'],
    ['date', '31/02/1992', '31/02/1992'],
    ['enum', 'KELAS 3', 'KELAS 3'],
    ['enum', 'DINAS LAIN', 'DINAS LAIN'],
    // a NIK wherever it was typed
    ['nik', '6203011203850001', '620301**********'],
    ['nik', '123456', '******'],
    ['kode_desa', '6203011203850001', '620301**********'],
    ['enum', '6203011203850001', '620301**********'],
    ['date', '6203.0112.0385.0001', '6203.01**.****.****'],
    ['timestamp', '6203 0112 0385 0001', '6203 01** **** ****'],
    ['kode_desa', '6.20301E+15', '[teks 11 karakter]'], // not a code's shape
    ['integer', '6203011203850001', '620301**********'],
    // names, remarks and complaint texts where a code, date or number belongs
    ['date', 'MARTINA BINTI ALI', '[teks 17 karakter]'],
    ['kode_desa', 'Desa Selat Dalam', '[teks 16 karakter]'],
    // a BPS code no crosswalk replaced (etl/crosswalk.ts) says why; anything else there does not
    ['kode_desa', 'BPS 6203019999 tanpa crosswalk', 'BPS 620301**** tanpa crosswalk'],
    ['kode_desa', 'BPS 6203019999 tidak ada di crosswalk', 'BPS 620301**** tidak ada di crosswalk'],
    ['kode_desa', 'BPS 6203011203850001 tanpa crosswalk', 'BPS 620301********** tanpa crosswalk'],
    ['kode_desa', 'BPS 6203019999 AHMAD', '[teks 20 karakter]'],
    ['enum', 'Kartu KIS tidak aktif sejak Maret', '[teks 33 karakter]'],
    ['enum', 'laki2', '[teks 5 karakter]'],
    ['integer', '12.450 jiwa', '[teks 11 karakter]'],
    ['text', 'AHMAD S', '[teks 7 karakter]'],
    // values of the expected shape stay readable; long digit runs lose all but six digits
    ['timestamp', '2024-05-10T14:00:00+07:00', '2024-05-10T14:00:00+07:00'],
    ['integer', 'Rp 1.500.000', 'Rp 1.500.000'],
    ['periode', '2024-13', '2024-13'],
    ['date', '31021992', '310219**'],
    ['text', 'DTKS-0001234567', 'DTKS-000123****'],
    [
      null,
      'Kolom wajib tidak ada: nik. Baris 1234567 rusak',
      'Kolom wajib tidak ada: nik. Baris 123456* rusak',
    ],
  ])('%s %s → %s', async (kind, value, expected) => {
    expect(await masked(value, kind)).toBe(expected);
    // idempotent: masking again changes nothing (stores are cleaned by applying it again)
    expect(await masked(expected, kind)).toBe(expected);
  });

  it('stored rejects: the kind comes from their feed and column', async () => {
    const rows = await conn.runAndReadAll(`SELECT ${maskStoredValueSql('value', 'feed', 'col')} AS v
      FROM (VALUES ('dtks', 'kode_desa', '6203011203850001'), ('dtks', 'tanggal_lahir', 'AHMAD S'),
        ('rujukan', 'kategori', 'KESEHATAN JIWA'), ('dtks', 'nik', '123'), ('dtks', NULL, 'Berkas 12345678'),
        ('bpjs_kesehatan', 'segmen', NULL)) AS t(feed, col, value)`);
    expect(rows.getRowObjectsJS().map((r) => r.v)).toEqual([
      '620301**********',
      '[teks 7 karakter]',
      'KESEHATAN JIWA',
      '***',
      'Berkas 123456**',
      null,
    ]);
  });
});

import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { fastPath, macroSql, pseudonymSql, PSEUDONYMS_TABLE_SQL } from './validate.js';
import { cellText, excelSerialToDate } from './readers.js';
import { feedSpec, normaliseHeader, type ColumnSpec } from './feeds.js';

const KEY = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');
let db: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  await conn.run(`SET TimeZone = 'Asia/Jakarta'`);
  await conn.run(macroSql({ asOf: '2024-07-05', provinceCodes: ['11', '62'], key: KEY }));
});
afterAll(() => {
  conn.closeSync();
  db.closeSync();
});

async function value(expr: string): Promise<unknown> {
  const result = await conn.runAndReadAll(`SELECT ${expr} AS v`);
  return result.getRowObjectsJS()[0].v;
}
const text = async (expr: string) => {
  const v = await value(`CAST(${expr} AS VARCHAR)`);
  return v === null ? null : String(v);
};

describe('NIK rule', () => {
  it.each([
    ['6203011203850001', '6203011203850001'],
    ["'6203011203850001", '6203011203850001'], // Excel text prefix
    ['6203 0112 0385 0001', '6203011203850001'],
    ['6203.0112.0385.0001', '6203011203850001'],
    ['6,20306E+15', null], // scientific notation is damaged, not repairable
    ['620301120385001', null], // 15 digits
    ['9903011203850001', null], // 99 is no province code
    ['620301120385000A', null],
  ])('%s → %s', async (input, expected) => {
    expect(await text(`etl_nik('${input.replaceAll("'", "''")}')`)).toBe(expected);
  });

  it('pseudonym is HMAC-SHA256 with the key, its first 128 bits (32 hex characters) as a UUID value', async () => {
    const expected = createHmac('sha256', KEY)
      .update('6203011203850001')
      .digest('hex')
      .slice(0, 32);
    expect(await text(`replace(CAST(etl_pseudo('6203011203850001') AS VARCHAR), '-', '')`)).toBe(
      expected,
    );
    expect(await text(`typeof(etl_pseudo('6203011203850001'))`)).toBe('UUID');
  });

  it('masks digits beyond the first six; short values whole', async () => {
    expect(await text(`etl_mask('6203011203850001')`)).toBe('620301**********');
    expect(await text(`etl_mask('6,20306E+15')`)).toBe('6,20306E+**');
    expect(await text(`etl_mask('123456')`)).toBe('******');
  });
});

describe('pseudonym maps', () => {
  const hmac = (v: string) => createHmac('sha256', KEY).update(v).digest('hex').slice(0, 32);
  const mapRows = async (table: string) =>
    (
      await conn.runAndReadAll(
        `SELECT lpad(CAST(v AS VARCHAR), 16, '0') AS v, replace(CAST(p AS VARCHAR), '-', '') AS p FROM ${table} ORDER BY v`,
      )
    ).getRowObjectsJS();

  it('a value hashed for one feed or column is taken from the run memo for the next, with the same HMAC', async () => {
    await conn.run(PSEUDONYMS_TABLE_SQL);
    // DTKS: nik and no_kk; a rejected row's values are not hashed.
    await conn.run(`CREATE TABLE checked_dtks AS SELECT * FROM (VALUES
      (6203011203850001::UBIGINT, 6203010101010001::UBIGINT, NULL::UTINYINT),
      (6203011203850002, 6203010101010001, NULL),
      (6203019999999999, 6203019999999998, 1)) AS t(n_nik, n_no_kk, _fail)`);
    for (const statement of pseudonymSql(feedSpec('dtks'))) await conn.run(statement);
    // BPJS Kesehatan: one NIK known from DTKS, one equal to a DTKS no_kk, one new (twice).
    await conn.run(`CREATE TABLE checked_bpjs_kesehatan AS SELECT * FROM (VALUES
      (6203011203850001::UBIGINT, NULL::UTINYINT), (6203010101010001, NULL),
      (6203015507880003, NULL), (6203015507880003, NULL), (NULL, NULL)) AS t(n_nik, _fail)`);
    for (const statement of pseudonymSql(feedSpec('bpjs_kesehatan'))) await conn.run(statement);

    const expected = (values: string[]) => values.map((v) => ({ v, p: hmac(v) }));
    expect(await mapRows('pseudonym_dtks_nik')).toEqual(
      expected(['6203011203850001', '6203011203850002']),
    );
    expect(await mapRows('pseudonym_dtks_no_kk')).toEqual(expected(['6203010101010001']));
    expect(await mapRows('pseudonym_bpjs_kesehatan_nik')).toEqual(
      expected(['6203010101010001', '6203011203850001', '6203015507880003']),
    );
    // The memo holds each value once: four values hashed in all, not six.
    expect(await mapRows('pseudonyms')).toEqual(
      expected(['6203010101010001', '6203011203850001', '6203011203850002', '6203015507880003']),
    );
    const reused = await conn.runAndReadAll(
      `SELECT count(*) FILTER (WHERE new)::INTEGER AS n FROM pseudonym_bpjs_kesehatan_nik`,
    );
    expect(reused.getRowObjectsJS()[0].n).toBe(1);
  });
});

describe('kode_desa format', () => {
  it.each([
    ['62.03.01.1010', '62.03.01.1010'],
    ['6203011010', '62.03.01.1010'],
    [' 6203011010 ', '62.03.01.1010'],
    ['62-03-01-1010', null],
    ['620301101', null],
  ])('%s → %s', async (input, expected) => {
    expect(await text(`etl_desa_format(trim('${input}'))`)).toBe(expected);
  });
});

describe('date rule (as-of 2024-07-05)', () => {
  it.each([
    ['2024-05-10', '2024-05-10'],
    ['10/05/2024', '2024-05-10'],
    ['10-05-2024', '2024-05-10'],
    ['1/2/1992', '1992-02-01'], // always day first
    ['2024-05-10 00:00:00', '2024-05-10'],
    ['2024-05-10T08:30', '2024-05-10'],
    ['31/02/1992', null], // impossible
    ['05/13/2024', null], // month 13: day first, never US order
    ['1899-12-31', null], // before 1900
    ['06/07/2024', null], // after the as-of date
    ['45000', null], // serial numbers only from .xlsx numeric cells
    ['kemarin', null],
  ])('%s → %s', async (input, expected) => {
    expect(await text(`etl_date('${input}')`)).toBe(expected);
  });
});

describe('timestamp rule: naive times are WIB', () => {
  it.each([
    ['2024-05-10T14:00:00+07:00', '2024-05-10 07:00:00'],
    ['2024-05-10T07:00:00Z', '2024-05-10 07:00:00'],
    ['2024-05-10 14:00', '2024-05-10 07:00:00'],
    ['03/05/2024 09:10', '2024-05-03 02:10:00'],
    ['03/05/2024 09:10:30', '2024-05-03 02:10:30'],
    ['2024-13-10 14:00', null],
    ['2024-08-01T00:00:00+07:00', null], // after as-of
  ])('%s → %s UTC', async (input, expected) => {
    expect(await text(`strftime(timezone('UTC', etl_ts('${input}')), '%Y-%m-%d %H:%M:%S')`)).toBe(
      expected,
    );
  });
});

describe('periode, tahun, integer', () => {
  it.each([
    ['2024-06', '2024-06-01'],
    ['202406', '2024-06-01'],
    ['06/2024', '2024-06-01'],
    ['6/2024', '2024-06-01'],
    ['2024-13', null],
    ['2024-08', null], // after the as-of month
    ['2024-07', '2024-07-01'],
  ])('periode %s → %s', async (input, expected) => {
    expect(await text(`etl_periode('${input}')`)).toBe(expected);
  });
  it.each([
    ['2024', 2024],
    ['2025', null],
    ['24', null],
  ])('tahun %s → %s', async (input, expected) => {
    expect(await value(`etl_tahun('${input}')`)).toBe(expected);
  });
  it.each([
    ['12450', 12450n],
    ['12.450', 12450n],
    ['12,450', 12450n],
    ['Rp 750.000', 750000n],
    ['Rp750.000', 750000n],
    ['1.2345', null],
    ['12.450,50', null],
    ['-5', null],
  ])('integer %s → %s', async (input, expected) => {
    expect(await value(`etl_int('${input}')`)).toBe(expected);
  });
});

describe('headers and enums', () => {
  it('headers: case, spaces, - and _ are equivalent', () => {
    for (const h of ['Kode Desa', 'KODE_DESA', 'kode-desa', '\uFEFFkode desa', ' Kode  Desa '])
      expect(normaliseHeader(h)).toBe('kode_desa');
  });
  it('enum keys: spaces, - and / read as _', async () => {
    expect(await text(`etl_enum_key(etl_raw(' istri/suami '))`)).toBe('ISTRI_SUAMI');
    expect(await text(`etl_enum_key('Laki-laki')`)).toBe('LAKI_LAKI');
    expect(await text(`etl_enum_key('kepala keluarga')`)).toBe('KEPALA_KELUARGA');
  });
});

describe('xlsx cells', () => {
  const col = (name: string) => feedSpec('dtks').columns.find((c) => c.name === name)!;
  it('numeric NIK only when an exact integer below 2^53', () => {
    expect(cellText(6203011203850001, col('nik'))).toBe('6203011203850001');
    expect(cellText(6.20306e15, col('nik'))).toBe('6203060000000000');
    expect(cellText(6203011203850001.5, col('nik'))).toBe('6203011203850002'); // float precision: exact integer
    expect(cellText(2 ** 53 + 2, col('nik'))).not.toMatch(/^\d{16}$/);
    expect(cellText(1234.5, col('nik'))).not.toMatch(/^\d+$/);
  });
  it('date cells and serial numbers become ISO dates; periode cells their month', () => {
    expect(cellText(new Date(Date.UTC(1985, 2, 12)), col('tanggal_lahir'))).toBe('1985-03-12');
    expect(cellText(31118, col('tanggal_lahir'))).toBe('1985-03-12');
    expect(cellText(new Date(Date.UTC(2024, 5, 1)), col('periode'))).toBe('2024-06');
    expect(excelSerialToDate(45292).toISOString().slice(0, 10)).toBe('2024-01-01');
  });
});

describe('error texts kept in run history', () => {
  it('keep the first line only and mask long digit runs', async () => {
    const { safeErrorText } = await import('./readers.js');
    const error = new Error(
      'CSV Error on Line: 7 NIK 6203011203850001\nOriginal Line: 2024-06;AHMAD S;6203011203850001',
    );
    expect(safeErrorText(error)).toBe('CSV Error on Line: 7 NIK 620301**********');
  });
});

describe('fast path for canonical values agrees with the general path', () => {
  // Canonical values, near misses and junk: wherever the cheap test accepts a value, its parse
  // must equal the general rule's (kode_desa: or be a string no desa code can equal).
  const samples: Record<string, string[]> = {
    nik: [
      '6203011203850001',
      '9903011203850001',
      '620301120385000',
      '62030112038500011',
      ' 6203011203850001',
      '6203 011203850001',
      "'620301120385000",
      '62030112o3850001',
      '+203011203850001',
      '６203011203850001',
    ],
    date: [
      '2024-05-10',
      '2024-02-30',
      '2025-01-01',
      '1899-12-31',
      '2024-5-10',
      '10/05/2024',
      '2024-05-10 10:00',
      '2024/05/10',
      ' 2024-05-10',
      '+024-05-10',
      '2024-05-1O',
    ],
    periode: [
      '2024-05',
      '202405',
      '2024-13',
      '202413',
      '2024-5',
      '05/2024',
      '2024-05-01',
      '20240',
      '2O24-05',
      '+02405',
      '2024_05',
    ],
    kode_desa: [
      '62.03.01.1010',
      '6203011010',
      '62-03-01-1010',
      ' 6203011010 ',
      '  6203011010 ',
      '620301101O',
      '62.03.01.101 ',
      '6203011010.',
      '62.03.0l.1010',
    ],
    enum: ['L', 'P', 'LAKI_LAKI', '1', '2', 'l', 'Laki-laki', ' L', 'X', 'PEREMPUAN', 'LAKI LAKI'],
  };
  const general: Record<string, string> = {
    nik: 'etl_nik_parse(etl_nik_clean(etl_raw(x)))',
    date: 'etl_date_parse(etl_date_text(etl_raw(x)))',
    periode: 'etl_periode_parse(etl_raw(x))',
    kode_desa: 'etl_desa_format(etl_raw(x))',
    enum: 'etl_enum_key(etl_raw(x))',
  };
  const column = (kind: string): ColumnSpec =>
    kind === 'enum'
      ? feedSpec('dtks').columns.find((c) => c.name === 'jenis_kelamin')!
      : { name: 'x', kind: kind as ColumnSpec['kind'], required: true };

  it.each(Object.keys(samples))('%s', async (kind) => {
    const col = column(kind);
    const fast = fastPath(col);
    expect(fast).not.toBeNull();
    let accepted = 0;
    for (const input of samples[kind]) {
      const literal = `'${input.replaceAll("'", "''")}'`;
      const row = (
        await conn.runAndReadAll(
          `SELECT (${fast!.test}) AS k, CAST(${fast!.parse ?? 'x'} AS VARCHAR) AS f,
             CAST(${general[kind]} AS VARCHAR) AS g
           FROM (SELECT ${literal} AS x, ${literal} AS "${col.name}")`,
        )
      ).getRowObjectsJS()[0];
      if (!row.k) continue;
      accepted++;
      if (kind === 'kode_desa' && row.g === null)
        expect(String(row.f), input).not.toMatch(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/);
      else expect(row.f, input).toBe(row.g);
    }
    expect(accepted).toBeGreaterThan(1);
  });
});

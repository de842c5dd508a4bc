/**
 * Reading files that are damaged inside: broken CSV lines (every row is loaded or rejected, the
 * lines after a broken one load), a Latin-1 byte after the first megabyte, xlsx formula cells
 * without a cached result, and xlsx files whose content would cost more than a file may.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { runEtl } from '../../etl/run.js';
import type { RunSummary } from '../../warehouse/runs.js';
import { FEEDS } from '../../etl/feeds.js';
import { readFeedFile, type ReadLimits } from '../../etl/readers.js';
import { checkCsv, quickScan, rewriteCsv } from '../../etl/csv-lines.js';
import { SAMPLE_RUN, copySamples } from '../support/sample-data.js';
import { query } from '../support/duckdb.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs('etl-readers-');

const dtks = FEEDS.find((f) => f.name === 'dtks')!;
const HEADER = 'periode,id_dtks,nik,no_kk,kode_desa,tanggal_lahir,jenis_kelamin,hubungan_keluarga';
const nik = (i: number) => `62030120${String(i).padStart(8, '0')}`;
/** A valid DTKS row for Pulau Telo, id NEW<i>; `id` replaces the id field as written. */
const row = (i: number, id = `NEW${i}`) =>
  `2024-06,${id},${nik(i)},6203012011900099,62.03.01.2011,01/01/1990,L,ANAK`;

function rejectsOf(dataDir: string, runId: string, file: string) {
  const parquet = path.join(dataDir, 'lake', '_runs', 'rejects', `${runId}.parquet`);
  return query(
    ':memory:',
    `SELECT line, column_name, reason, value FROM read_parquet('${parquet}') WHERE file = '${file}' ORDER BY line`,
  );
}

const run = (inboxDir: string, dataDir: string, limits?: Partial<ReadLimits>) =>
  runEtl({
    inboxDir,
    dataDir,
    ...SAMPLE_RUN,
    settleSeconds: 0,
    limits,
  });

describe('CSV lines that cannot be split into the header fields', () => {
  let root: string;
  let summary: RunSummary;

  beforeAll(async () => {
    root = await tempDir();
    const inbox = path.join(root, 'inbox');
    await mkdir(path.join(inbox, 'dtks'), { recursive: true });
    const lines = [
      HEADER, // 1
      row(1), // 2
      row(2, '"NEW2').replace(nik(2), '6203012099999999'), // 3: quote never closed
      row(3), // 4
      '', // 5: blank
      row(4), // 6
      row(5, '"NEW5"x'), // 7: text after the closing quote
      row(6, 'NE"W6'), // 8: a quote inside an unquoted field
      row(7) + ',LEBIH', // 9: one field too many
      row(8, '"NEW8\nlanjutan"'), // 10-11: a quoted field over two lines (RFC 4180) loads
      row(9).replace(nik(9), '12345'), // 12: NIK_TIDAK_VALID, numbered by its physical line
      row(10), // 13
      '2024-06,NEW11', // 14: too few fields
      row(12), // 15
    ];
    await writeFile(path.join(inbox, 'dtks', 'dtks_rusak.csv'), lines.join('\r\n') + '\r\n');
    summary = await run(inbox, path.join(root, 'data'));
  });

  it('every row is loaded or rejected, and the lines after a broken one load', () => {
    expect(summary.status).toBe('SUCCESS');
    const f = summary.feeds.dtks!;
    expect(f.rows_read).toBe(f.rows_loaded + f.rows_rejected);
    expect(f.rows_loaded).toBe(6); // NEW1, 3, 4, 10, 12, and NEW8 over two lines
    expect(f.rejects).toEqual({ BARIS_RUSAK: 5, NIK_TIDAK_VALID: 1 });
  });

  it('rejects the first physical line of each broken record as BARIS_RUSAK, without its content', async () => {
    const rejects = await rejectsOf(path.join(root, 'data'), summary.run_id, 'dtks_rusak.csv');
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [3, 'BARIS_RUSAK'],
      [7, 'BARIS_RUSAK'],
      [8, 'BARIS_RUSAK'],
      [9, 'BARIS_RUSAK'],
      [12, 'NIK_TIDAK_VALID'],
      [14, 'BARIS_RUSAK'],
    ]);
    for (const r of rejects.filter((x) => x.reason === 'BARIS_RUSAK')) {
      expect(r.value).toMatch(/baris \d+ karakter/);
      expect(r.value).not.toMatch(/\d{7,}|NEW|ANAK/);
    }
    expect(rejects[0].value).toMatch(/tanda kutip/);
  });
});

describe('a file rewritten without line numbers', () => {
  it('numbers every reject and lake row by its physical line', async () => {
    const root = await tempDir();
    const inbox = path.join(root, 'inbox');
    await mkdir(path.join(inbox, 'dtks'), { recursive: true });
    const lines = [
      HEADER, // 1
      row(1), // 2
      row(2) + ',LEBIH', // 3: one field too many
      '', // 4: empty
      row(3), // 5
      row(4).replace(nik(4), '12345'), // 6: NIK_TIDAK_VALID
      row(5), // 7
      '2024-06,NEW6', // 8: too few fields
      row(7), // 9
      row(7, 'NEW7b'), // 10: the same periode and NIK again: DUPLIKAT
      row(8, '"NEW8\nlanjutan"'), // 11-12: a record over two lines
      row(9), // 13
    ];
    const file = path.join(inbox, 'dtks', 'dtks_runs.csv');
    await writeFile(file, lines.join('\n') + '\n');
    // This file is rewritten without line numbers (the lines left out tell them).
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const read = await readFeedFile(conn, dtks, file, 'probe', { scratchDir: root });
      expect(read).toMatchObject({ ok: true, csvRead: 'rewrite', broken: 2, rows: 8 });
    } finally {
      conn.closeSync();
      db.closeSync();
    }
    const dataDir = path.join(root, 'data');
    const summary = await run(inbox, dataDir);
    expect(summary.feeds.dtks).toMatchObject({
      rows_read: 10,
      rows_loaded: 6,
      rejects: { BARIS_RUSAK: 2, NIK_TIDAK_VALID: 1, DUPLIKAT: 1 },
    });
    const rejects = await rejectsOf(dataDir, summary.run_id, 'dtks_runs.csv');
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [3, 'BARIS_RUSAK'],
      [6, 'NIK_TIDAK_VALID'],
      [8, 'BARIS_RUSAK'],
      [10, 'DUPLIKAT'],
    ]);
    const lake = await query(
      ':memory:',
      `SELECT _line FROM read_parquet('${path.join(dataDir, 'lake', 'dtks', '**', '*.parquet')}')
       ORDER BY _line`,
    );
    expect(lake.map((r) => r._line)).toEqual([2, 5, 7, 9, 11, 13]);
  });
});

describe('a CSV line longer than any record may be', () => {
  it('is one BARIS_RUSAK; the lines after it load', async () => {
    const root = await tempDir();
    const inbox = path.join(root, 'inbox');
    await mkdir(path.join(inbox, 'dtks'), { recursive: true });
    const long = row(2, 'X'.repeat(6 * 2 ** 20));
    await writeFile(
      path.join(inbox, 'dtks', 'panjang.csv'),
      [HEADER, row(1), long, row(3)].join('\n') + '\n',
    );
    const summary = await run(inbox, path.join(root, 'data'));
    expect(summary.feeds.dtks).toMatchObject({
      rows_read: 3,
      rows_loaded: 2,
      rejects: { BARIS_RUSAK: 1 },
    });
  });
});

describe('Latin-1', () => {
  it('one Latin-1 byte after the first megabyte: the whole file is read as Latin-1, every row loads', async () => {
    const root = await tempDir();
    const inbox = path.join(root, 'inbox');
    await mkdir(path.join(inbox, 'dtks'), { recursive: true });
    const rows = Array.from({ length: 14_001 }, (_, i) => row(i + 1));
    // The byte is in a column that is read (id_dtks): a Windows export of a name-like id.
    const text = Buffer.from(
      [HEADER, ...rows, row(14_002, 'NEW14002é')].join('\n') + '\n',
      'latin1',
    );
    expect(text.length).toBeGreaterThan(2 ** 20);
    expect(text.indexOf(0xe9)).toBeGreaterThan(2 ** 20);
    await writeFile(path.join(inbox, 'dtks', 'dtks_latin1.csv'), text);
    const dataDir = path.join(root, 'data');
    const summary = await run(inbox, dataDir);
    expect(summary.status).toBe('SUCCESS');
    expect(summary.feeds.dtks).toMatchObject({ rows_read: 14_002, rows_loaded: 14_002 });
    const lake = path.join(dataDir, 'lake', 'dtks', '**', '*.parquet');
    expect(
      await query(
        ':memory:',
        `SELECT id_dtks FROM read_parquet('${lake}', hive_partitioning = false) WHERE id_dtks LIKE 'NEW14002%'`,
      ),
    ).toEqual([{ id_dtks: 'NEW14002é' }]);
  });
});

// ------------------------------------------------------------------ xlsx

describe('xlsx formula cells', () => {
  it('read the cached result; without one the cell is empty, never "[object Object]"', async () => {
    const root = await tempDir();
    const inbox = path.join(root, 'inbox');
    await mkdir(path.join(inbox, 'dtks'), { recursive: true });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DTKS');
    ws.addRow(HEADER.split(','));
    const cells = (i: number) => row(i).split(',');
    ws.addRow(cells(1));
    const withResult = ws.addRow(cells(2));
    withResult.getCell(2).value = { formula: 'CONCAT("NEW","2")', result: 'NEW2' };
    const noResult = ws.addRow(cells(3));
    noResult.getCell(2).value = { formula: 'CONCAT("NEW","3")' } as ExcelJS.CellFormulaValue;
    await wb.xlsx.writeFile(path.join(inbox, 'dtks', 'rumus.xlsx'));
    const dataDir = path.join(root, 'data');
    const summary = await run(inbox, dataDir);
    expect(summary.feeds.dtks).toMatchObject({
      rows_loaded: 2,
      rejects: { KOLOM_WAJIB_KOSONG: 1 },
    });
    const rejects = await rejectsOf(dataDir, summary.run_id, 'rumus.xlsx');
    expect(rejects).toEqual([
      { line: 4, column_name: 'id_dtks', reason: 'KOLOM_WAJIB_KOSONG', value: null },
    ]);
    const lake = path.join(dataDir, 'lake', 'dtks', '**', '*.parquet');
    const ids = await query(
      ':memory:',
      `SELECT id_dtks FROM read_parquet('${lake}', hive_partitioning = false) ORDER BY 1`,
    );
    expect(ids).toEqual([{ id_dtks: 'NEW1' }, { id_dtks: 'NEW2' }]);
  });
});

/** A zip file (stored names, deflated data); `declared` overrides an entry's uncompressed size. */
function zip(entries: { name: string; data: Buffer; declared?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, declared } of entries) {
    const packed = deflateRawSync(data, { level: 9 });
    const nameBytes = Buffer.from(name);
    const size = declared ?? data.length;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const xml = (s: string) =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${s}`);
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A minimal workbook: header + rows of inline numbers, and the given shared strings part. */
function workbook(sharedStrings: Buffer, declared?: number): Buffer {
  const header = HEADER.split(',');
  const cellRow = (r: number, values: string[]) =>
    `<row r="${r}">${values.map((v, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`).join('')}</row>`;
  const sheet = xml(
    `<worksheet xmlns="${MAIN}"><sheetData>${cellRow(1, header)}${cellRow(2, row(1).split(','))}</sheetData></worksheet>`,
  );
  return zip([
    {
      name: '[Content_Types].xml',
      data: xml(
        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: xml(
        `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="DTKS" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/sharedStrings.xml', data: sharedStrings, declared },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
  ]);
}

/** Shared strings of about `bytes` bytes, `count` strings (highly compressible). */
function sharedStrings(count: number, each = 1): Buffer {
  const si = `<si><t>${'A'.repeat(each)}</t></si>`;
  return xml(
    `<sst xmlns="${MAIN}" count="${count}" uniqueCount="${count}">${si.repeat(count)}</sst>`,
  );
}

describe('xlsx whose content costs more than a file may', () => {
  it('a small file declaring huge shared strings is rejected whole; the other feeds and files load', async () => {
    const root = await tempDir();
    const inbox = path.join(root, 'inbox');
    const dataDir = path.join(root, 'data');
    await copySamples(inbox);
    // 64 MB of shared strings in a file of a few hundred KB (a limit of 8 MB keeps the test fast).
    const bomb = workbook(sharedStrings(2 ** 20, 50));
    expect(bomb.length).toBeLessThan(2 ** 20);
    await writeFile(path.join(inbox, 'dtks', 'bom.xlsx'), bomb);
    await writeFile(path.join(inbox, 'dtks', 'kecil.xlsx'), workbook(sharedStrings(3)));
    const summary = await run(inbox, dataDir, { xlsxSharedStringsMb: 8 });
    expect(summary.status).toBe('SUCCESS');
    expect(summary.feeds.dtks?.rows_loaded).toBe(5); // sample rows 2-5 + kecil.xlsx
    expect(summary.feeds.dtks?.rejects.BERKAS_TERLALU_BESAR).toBe(1);
    expect(summary.feeds.pkh?.rows_loaded).toBe(3);
    const rejects = await rejectsOf(dataDir, summary.run_id, 'bom.xlsx');
    expect(rejects).toEqual([
      {
        line: 0,
        column_name: null,
        reason: 'BERKAS_TERLALU_BESAR',
        value: expect.stringMatching(/ETL_XLSX_MAX_SHARED_STRINGS_MB/),
      },
    ]);
    expect(await readdir(path.join(inbox, 'dtks'))).toEqual([]);
    expect(await readdir(path.join(dataDir, 'archive', summary.run_id, 'dtks'))).toContain(
      'bom.xlsx',
    );
  });
});

describe('xlsx limits (reader)', () => {
  let db: DuckDBInstance;
  let conn: DuckDBConnection;
  let dir: string;
  beforeAll(async () => {
    db = await DuckDBInstance.create(':memory:');
    conn = await db.connect();
    dir = await tempDir();
  });
  afterAll(() => {
    conn.closeSync();
    db.closeSync();
  });
  const read = async (name: string, content: Buffer, limits: Partial<ReadLimits>) => {
    const file = path.join(dir, name);
    await writeFile(file, content);
    return readFeedFile(conn, dtks, file, 't_' + name.replace(/\W/g, '_'), { limits });
  };

  it('shared strings larger than declared (a forged zip) are caught while unpacking', async () => {
    const result = await read('bohong.xlsx', workbook(sharedStrings(2 ** 20, 50), 1000), {
      xlsxSharedStringsMb: 8,
    });
    // Unpacking stops right after the declared 1000 bytes: the 64 MB are never held.
    expect(result).toMatchObject({ ok: false, reason: 'BERKAS_RUSAK' });
    if (!result.ok) expect(result.message).toMatch(/sharedStrings.xml lebih besar/);
  });

  it('bounds the number of shared strings, rows and cells, and the time spent', async () => {
    const many = await read('banyak.xlsx', workbook(sharedStrings(500)), {
      xlsxSharedStrings: 100,
    });
    expect(many).toMatchObject({ ok: false, reason: 'BERKAS_TERLALU_BESAR' });
    if (!many.ok) expect(many.message).toMatch(/ETL_XLSX_MAX_SHARED_STRINGS\b/);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DTKS');
    ws.addRow(HEADER.split(','));
    for (let i = 1; i <= 50; i++) ws.addRow(row(i).split(','));
    const rows = Buffer.from(await wb.xlsx.writeBuffer());
    const tooManyRows = await read('baris.xlsx', rows, { xlsxRows: 20 });
    expect(tooManyRows).toMatchObject({ ok: false, reason: 'BERKAS_TERLALU_BESAR' });
    if (!tooManyRows.ok) expect(tooManyRows.message).toMatch(/ETL_XLSX_MAX_ROWS/);
    const tooManyCells = await read('sel.xlsx', rows, { xlsxCells: 100 });
    expect(tooManyCells).toMatchObject({ ok: false, reason: 'BERKAS_TERLALU_BESAR' });
    const tooSlow = await read('lama.xlsx', rows, { xlsxSeconds: 0 });
    expect(tooSlow).toMatchObject({ ok: false, reason: 'BERKAS_TERLALU_BESAR' });
    if (!tooSlow.ok) expect(tooSlow.message).toMatch(/ETL_XLSX_MAX_SECONDS/);
    // Within the limits the same file reads.
    expect(await read('cukup.xlsx', rows, { xlsxRows: 100 })).toMatchObject({ ok: true, rows: 50 });
  });
});

describe('the quick scan that lets DuckDB read a file directly', () => {
  it('calls a file plain only when each physical line is one record (as the line check does)', async () => {
    const dir = await tempDir();
    const cases: [string, string, boolean][] = [
      ['simple', 'a,b,c\n1,2,3\n4,5,6\n', true],
      ['crlf and trailing blank lines', 'a,b,c\r\n1,2,3\r\n\r\n\r\n', true],
      ['quoted fields', '\uFEFF"a","b",c\n1,"x, y","say ""hi"""\n', true],
      ['closing quote at the end', 'a,b\n1,"x"', true],
      ['quote inside a field', 'a,b,c\n1,x"y,3\n', false],
      ['text after a closing quote', 'a,b,c\n1,"x"y,3\n', false],
      ['quote after a space', 'a,b,c\n1, "x",3\n', false],
      ['quoted line break', 'a,b,c\n1,"x\ny",3\n', false],
      ['quote never closed', 'a,b,c\n1,"x,3\n4,5,6\n', false],
      ['blank line inside', 'a,b,c\n1,2,3\n\n4,5,6\n', false],
      ['lone CR', 'a,b,c\r1,2,3\r\n', false],
    ];
    for (const [name, text, plain] of cases) {
      const file = path.join(dir, `${name.replace(/\W/g, '_')}.csv`);
      await writeFile(file, text);
      expect((await quickScan(file, ',')).plain, name).toBe(plain);
      const width = text
        .replace(/^\uFEFF/, '')
        .split(/\r?\n|\r/)[0]
        .split(',').length;
      if (plain) expect((await checkCsv(file, ',', width)).regular, name).toBe(true);
    }
  });
});

describe('the rewrite of a file DuckDB cannot read directly', () => {
  it('writes every record of a file many buffers long, in order, each with its first line', async () => {
    const dir = await tempDir();
    const source = path.join(dir, 'big.csv');
    // About 40 MB, quoted fields, one record over two lines every 1,000 and a line of the wrong
    // width every 250,000: the rewrite fills and reuses its output buffers (8 MiB) a few times.
    const lines = ['a,b,c'];
    const expected: string[] = [];
    const broken: number[] = [];
    let line = 2;
    for (let i = 0; i < 600_000; i++) {
      if (i % 250_000 === 1) {
        lines.push(`${i},"two fields only"`);
        broken.push(line++);
        continue;
      }
      const text = i % 1_000 === 0 ? `"row ${i}\nsecond line"` : `"row ${i}"`;
      lines.push(`${i},${text},${'z'.repeat(40)}`);
      expected.push(`${line}|${i},${text},${'z'.repeat(40)}`);
      line += i % 1_000 === 0 ? 2 : 1;
    }
    await writeFile(source, lines.join('\n') + '\n');
    const out = path.join(dir, 'out.csv');
    const found: number[] = [];
    const result = await rewriteCsv(source, out, ',', 3, true, (at) => found.push(at));
    expect(result.records).toBe(expected.length);
    expect(found).toEqual(broken);
    // The records after the header, each with the number of its first line in front.
    const written = await readFile(out, 'utf8');
    const records = written.slice(0, -1).split(/\n(?=\d+,\d+,")/);
    expect(records.map((r) => r.replace(',', '|'))).toEqual(expected);
  });
});

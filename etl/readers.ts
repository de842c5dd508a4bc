/**
 * Feed readers: each inbox file becomes one scratch table `rawfile_<n>` with a `_line` column and
 * one VARCHAR column per contract column found in its header (absent optional columns are NULL).
 * Columns the contract does not list — `nama`, `uraian`, addresses — are never read.
 *
 * CSV and Parquet are read by DuckDB itself (streaming, bounded memory). XLSX is read in JS with
 * exceljs's streaming reader because DuckDB's excel extension cannot be installed offline; cells
 * are turned into the same text a CSV would hold, so one set of value rules serves every format.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { normaliseHeader, type ColumnSpec, type FeedSpec } from './feeds.js';
import { sqlString } from '../warehouse/wilayah.js';
import type { RejectReason } from './validate.js';

export const SUPPORTED_EXTENSIONS = ['.csv', '.txt', '.xlsx', '.parquet'];

export type ReadResult =
  { ok: true; table: string; rows: number } | { ok: false; reason: RejectReason; message: string };

const MAX_HEADER_BYTES = 1024 * 1024;

export async function readFeedFile(
  conn: DuckDBConnection,
  spec: FeedSpec,
  file: string,
  table: string,
): Promise<ReadResult> {
  const ext = path.extname(file).toLowerCase();
  try {
    if (ext === '.csv' || ext === '.txt') return await readCsv(conn, spec, file, table);
    if (ext === '.xlsx') return await readXlsx(conn, spec, file, table);
    if (ext === '.parquet') return await readParquet(conn, spec, file, table);
    return {
      ok: false,
      reason: 'BERKAS_RUSAK',
      message: `Format ${ext || '(tanpa ekstensi)'} tidak didukung: kirim .csv, .txt, .xlsx atau .parquet`,
    };
  } catch (error) {
    await conn.run(`DROP TABLE IF EXISTS ${table}`);
    return { ok: false, reason: 'BERKAS_RUSAK', message: describeReadError(error) };
  }
}

/**
 * Error text safe to store in run history and rejects: its first line only (DuckDB's CSV errors
 * quote the offending line, names included, on the lines after) with long digit runs masked.
 */
export function safeErrorText(error: unknown, max = 240): string {
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split('\n').find((l) => l.trim()) ?? text;
  return firstLine
    .replace(/\d{12,}/g, (d) => d.slice(0, 6) + '*'.repeat(d.length - 6))
    .slice(0, max);
}

export function describeReadError(error: unknown): string {
  return `Berkas tidak dapat dibaca: ${safeErrorText(error)}`;
}

/** Which contract column each header position holds; first occurrence wins. */
function mapHeader(spec: FeedSpec, header: string[]): Map<string, number> {
  const wanted = new Set(spec.columns.map((c) => c.name));
  const found = new Map<string, number>();
  header.forEach((h, i) => {
    const name = normaliseHeader(h);
    if (wanted.has(name) && !found.has(name)) found.set(name, i);
  });
  return found;
}

function missingRequired(spec: FeedSpec, found: Map<string, number>): string[] {
  return spec.columns.filter((c) => c.required && !found.has(c.name)).map((c) => c.name);
}

function missingMessage(missing: string[]): string {
  return `Kolom wajib tidak ada: ${missing.join(', ')}. Periksa baris judul (header) berkas.`;
}

function missingColumns(spec: FeedSpec, found: Map<string, number>): ReadResult | null {
  const missing = missingRequired(spec, found);
  return missing.length
    ? { ok: false, reason: 'KOLOM_TIDAK_ADA', message: missingMessage(missing) }
    : null;
}

interface CsvHead {
  encoding: 'utf-8' | 'latin-1';
  delimiter: string;
  header: string[];
}

/** Reads at most 1 MB to find encoding, delimiter and header without loading the file. */
async function sniffCsv(file: string): Promise<CsvHead | { error: ReadResult }> {
  const handle = await open(file, 'r');
  let sample: Buffer;
  try {
    const buffer = Buffer.alloc(MAX_HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, MAX_HEADER_BYTES, 0);
    sample = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const fail = (reason: RejectReason, message: string) => ({
    error: { ok: false as const, reason, message },
  });
  if (sample.length === 0 || sample.toString('latin1').trim() === '')
    return fail('KOLOM_TIDAK_ADA', 'Berkas kosong: tidak ada baris judul maupun data.');
  if (sample.includes(0)) return fail('BERKAS_RUSAK', 'Berkas bukan teks CSV (berisi data biner).');
  let text: string;
  let encoding: CsvHead['encoding'] = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
  } catch {
    encoding = 'latin-1';
    text = sample.toString('latin1');
  }
  text = text.replace(/^\uFEFF/, '');
  const headerLine = firstRecord(text);
  if (headerLine === null)
    return fail(
      'BERKAS_RUSAK',
      'Baris pertama lebih dari 1 MB tanpa akhir baris: bukan ekspor tabel yang dikenali.',
    );
  const delimiter = detectDelimiter(headerLine);
  return { encoding, delimiter, header: splitRecord(headerLine, delimiter) };
}

/** The first record (header), honouring quotes; null when no line end was found. */
function firstRecord(text: string): string | null {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if ((ch === '\n' || ch === '\r') && !quoted) return text.slice(0, i);
  }
  return text.length < MAX_HEADER_BYTES / 2 ? text : null;
}

function detectDelimiter(line: string): string {
  const candidates = [',', ';', '\t', '|'];
  const counts = new Map(candidates.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  return candidates.reduce((best, c) =>
    (counts.get(c) ?? 0) > (counts.get(best) ?? 0) ? c : best,
  );
}

function splitRecord(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

async function readCsv(
  conn: DuckDBConnection,
  spec: FeedSpec,
  file: string,
  table: string,
): Promise<ReadResult> {
  const head = await sniffCsv(file);
  if ('error' in head) return head.error;
  const found = mapHeader(spec, head.header);
  const missing = missingColumns(spec, found);
  if (missing) return missing;
  const columns = head.header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const select = spec.columns
    .map((c) => `${found.has(c.name) ? `c${found.get(c.name)}` : 'NULL::VARCHAR'} AS "${c.name}"`)
    .join(', ');
  const source = (parallel: boolean) =>
    `read_csv(${sqlString(file)}, delim=${sqlString(head.delimiter)}, quote='"', escape='"',
      header=false, skip=1, columns={${columns}}, auto_detect=false, null_padding=true,
      strict_mode=false, encoding=${sqlString(head.encoding)}, max_line_size=4194304,
      parallel=${parallel})`;
  // _line stays NULL here: the run's union view numbers CSV rows from rowid (header = line 1).
  const create = (parallel: boolean) =>
    `CREATE OR REPLACE TABLE ${table} AS SELECT NULL::INTEGER AS _line, ${select} FROM ${source(parallel)}`;
  try {
    await conn.run(create(true));
  } catch (error) {
    // The parallel scanner refuses quoted line breaks with null padding; retry single-threaded.
    if (!String(error).includes('parallel')) throw error;
    await conn.run(create(false));
  }
  return { ok: true, table, rows: await countRows(conn, table) };
}

async function readParquet(
  conn: DuckDBConnection,
  spec: FeedSpec,
  file: string,
  table: string,
): Promise<ReadResult> {
  const described = await conn.runAndReadAll(
    `DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`,
  );
  const cols = described.getRowObjectsJS() as { column_name: string; column_type: string }[];
  const found = mapHeader(
    spec,
    cols.map((c) => c.column_name),
  );
  const missing = missingColumns(spec, found);
  if (missing) return missing;
  const select = spec.columns
    .map((c) => {
      const index = found.get(c.name);
      if (index === undefined) return `NULL::VARCHAR AS "${c.name}"`;
      const source = cols[index];
      const ref = `"${source.column_name.replaceAll('"', '""')}"`;
      // A DATE-typed periode means its month, like an .xlsx date cell.
      if (c.kind === 'periode' && /^(DATE|TIMESTAMP)/.test(source.column_type))
        return `strftime(${ref}, '%Y-%m') AS "${c.name}"`;
      return `CAST(${ref} AS VARCHAR) AS "${c.name}"`;
    })
    .join(', ');
  await conn.run(
    `CREATE OR REPLACE TABLE ${table} AS SELECT CAST(file_row_number AS INTEGER) + 1 AS _line, ${select}
     FROM read_parquet(${sqlString(file)}, file_row_number=true)`,
  );
  return { ok: true, table, rows: await countRows(conn, table) };
}

async function countRows(conn: DuckDBConnection, table: string): Promise<number> {
  const result = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${table}`);
  return Number(result.getRowObjectsJS()[0].n);
}

// ---------------------------------------------------------------- XLSX

type CellValue = ExcelJS.CellValue;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = (d: Date) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const isoDateTime = (d: Date) =>
  `${isoDate(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

/** Excel's 1900 date system: serial 1 is 1900-01-01 (with the fictitious 1900-02-29). */
export function excelSerialToDate(serial: number): Date {
  return new Date(Date.UTC(1899, 11, 30) + Math.round(serial * 86_400_000));
}

/** A cell as the text a CSV export would carry, given the column's value kind. */
export function cellText(value: CellValue, col: ColumnSpec): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    if (col.kind === 'periode') return isoDate(value).slice(0, 7);
    if (col.kind === 'timestamp') return isoDateTime(value);
    return isoDate(value);
  }
  if (typeof value === 'number') {
    if (col.kind === 'date' || col.kind === 'timestamp') {
      // Serial numbers count only in .xlsx numeric cells (contract), hence here and nowhere else.
      const date = excelSerialToDate(value);
      return col.kind === 'date' ? isoDate(date) : isoDateTime(date);
    }
    if (col.kind === 'nik')
      // Beyond 2^53 the digits are not the ones typed: keep the value visibly damaged.
      return Number.isInteger(value) && value < 2 ** 53 ? value.toFixed(0) : value.toExponential();
    return String(value);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('result' in value && value.result !== undefined)
      return cellText(value.result as CellValue, col);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

async function readXlsx(
  conn: DuckDBConnection,
  spec: FeedSpec,
  file: string,
  table: string,
): Promise<ReadResult> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    styles: 'cache',
    hyperlinks: 'ignore',
  });
  const colDefs = spec.columns.map((c) => `"${c.name}" VARCHAR`).join(', ');
  await conn.run(`CREATE OR REPLACE TABLE ${table} (_line INTEGER, ${colDefs})`);
  const appender = await conn.createAppender(table);
  let found: Map<string, number> | null = null;
  let rows = 0;
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        const values = (row.values as CellValue[]).slice(1); // exceljs rows are 1-based
        const cells = values.map((v) => (v === undefined ? null : v));
        if (!found) {
          const texts = cells.map((v) => (v === null ? '' : String(cellText(v, TEXT) ?? '')));
          if (texts.every((t) => t.trim() === '')) continue; // the header is the first non-empty row
          found = mapHeader(spec, texts);
          const missing = missingColumns(spec, found);
          if (missing) return missing;
          continue;
        }
        appender.appendInteger(row.number);
        for (const col of spec.columns) {
          const index = found.get(col.name);
          const text = index === undefined ? null : cellText(cells[index] ?? null, col);
          if (text === null) appender.appendNull();
          else appender.appendVarchar(text);
        }
        appender.endRow();
        rows++;
      }
      break; // first worksheet only
    }
  } finally {
    appender.closeSync();
  }
  if (!found)
    return { ok: false, reason: 'KOLOM_TIDAK_ADA', message: 'Lembar kerja pertama kosong.' };
  return { ok: true, table, rows };
}

const TEXT: ColumnSpec = { name: '', kind: 'text', required: false };

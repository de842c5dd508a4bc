/**
 * Feed readers: each inbox file becomes one scratch table `rawfile_<n>` with a `_line` column and
 * one VARCHAR column per contract column found in its header (absent optional columns are NULL).
 * Columns the contract does not list — `nama`, `uraian`, addresses — are never read.
 *
 * CSV and Parquet are read by DuckDB itself (streaming, bounded memory). XLSX is read in JS with
 * exceljs's streaming reader because DuckDB's excel extension cannot be installed offline; cells
 * are turned into the same text a CSV would hold, so one set of value rules serves every format.
 */
import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  mapHeader,
  normaliseHeader,
  periodeFromPath,
  type ColumnSpec,
  type FeedSpec,
} from './feeds.js';
import { sqlIdentifier, sqlString } from '../warehouse/wilayah.js';
import type { RejectReason } from './validate.js';
import { DESA_NAME_HEADERS, KECAMATAN_NAME_HEADERS, NAME_COLUMNS } from './area-by-name.js';
import { BPS_HEADER, bpsMarked, bpsMarkedSql } from './crosswalk.js';
import { MAX_RECORD_BYTES, quickScan, rewriteCsv } from './csv-lines.js';

export const SUPPORTED_EXTENSIONS = ['.csv', '.txt', '.xlsx', '.parquet'];

/**
 * `broken`: lines of a CSV that could not be split into the header's fields (BARIS_RUSAK); when
 * there are any, table `<table>_broken (line, value)` lists them.
 */
export type ReadResult =
  | {
      ok: true;
      table: string;
      rows: number;
      broken: number;
      spec: FeedSpec;
      /** Areas given by name: kode_desa is empty until etl/area-by-name.ts fills it. */
      byName?: boolean;
      /** Areas given by BPS code: kode_desa holds `BPS <code>` until etl/crosswalk.ts fills it. */
      bps?: boolean;
      /** What the file looked like: its header, and for a CSV its encoding and delimiter. */
      header?: readonly string[];
      encoding?: string;
      delimiter?: string;
      /** For a workbook: the sheet read (the first). */
      sheet?: string;
      /**
       * A CSV read from its unnumbered rewrite: rows numbered from rowid lie further on by the
       * lines left out before them (broken, blank, a record's further lines) — `lineOfRowSql`.
       */
      skips?: number[];
      /** How a CSV was read: directly, or from its rewrite (numbered: each record's line in it). */
      csvRead?: 'direct' | 'rewrite' | 'numbered';
    }
  | {
      ok: false;
      reason: RejectReason;
      message: string;
      /** KOLOM_TIDAK_ADA: the required contract columns not found, the file kind and its header. */
      missing?: string[];
      spec?: FeedSpec;
      header?: readonly string[];
    };

/** What one .xlsx file may cost; over a bound the file is rejected whole (BERKAS_TERLALU_BESAR). */
export interface ReadLimits {
  /** All parts of the zip, unpacked (ETL_XLSX_MAX_UNPACKED_MB). */
  xlsxUnpackedMb: number;
  /** xl/sharedStrings.xml unpacked: all of it is held in memory (ETL_XLSX_MAX_SHARED_STRINGS_MB). */
  xlsxSharedStringsMb: number;
  /** Number of shared strings (ETL_XLSX_MAX_SHARED_STRINGS). */
  xlsxSharedStrings: number;
  /** Rows of the first sheet (ETL_XLSX_MAX_ROWS; Excel's own limit by default). */
  xlsxRows: number;
  /** Cells of the first sheet (ETL_XLSX_MAX_CELLS). */
  xlsxCells: number;
  /** Seconds spent reading one file (ETL_XLSX_MAX_SECONDS). */
  xlsxSeconds: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  xlsxUnpackedMb: 2048,
  xlsxSharedStringsMb: 256,
  xlsxSharedStrings: 5_000_000,
  xlsxRows: 1_048_576,
  xlsxCells: 50_000_000,
  xlsxSeconds: 900,
};

/** The environment variable of each limit (configuration, messages). */
export const LIMIT_ENV: Record<keyof ReadLimits, string> = {
  xlsxUnpackedMb: 'ETL_XLSX_MAX_UNPACKED_MB',
  xlsxSharedStringsMb: 'ETL_XLSX_MAX_SHARED_STRINGS_MB',
  xlsxSharedStrings: 'ETL_XLSX_MAX_SHARED_STRINGS',
  xlsxRows: 'ETL_XLSX_MAX_ROWS',
  xlsxCells: 'ETL_XLSX_MAX_CELLS',
  xlsxSeconds: 'ETL_XLSX_MAX_SECONDS',
};

/** A file over one of the limits. */
class TooBigError extends Error {}

export interface ReadOptions {
  limits?: Partial<ReadLimits>;
  /** The file's path below its feed folder (`2026-09/keluarga.csv`): may give the periode. */
  name?: string;
  /** Where a CSV with broken lines is rewritten (the run's scratch folder). */
  scratchDir?: string;
  /**
   * The feed's column map (etl/mappings.ts): contract column → the header that holds it, read as
   * that column in preference to a synonym (mapHeader).
   */
  columnMap?: Readonly<Record<string, string>>;
}

const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * Reads one file into `table`. `specs`: the file kinds of its feed (one, or dtsen's family and
 * member files); the header tells which one the file is (`specForHeader`).
 */
export async function readFeedFile(
  conn: DuckDBConnection,
  specs: FeedSpec | readonly FeedSpec[],
  file: string,
  table: string,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const ext = path.extname(file).toLowerCase();
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const kinds: FileKinds = {
    specs: Array.isArray(specs) ? specs : [specs as FeedSpec],
    periode: options.name ? periodeFromPath(options.name) : null,
    columnMap: options.columnMap ?? {},
  };
  try {
    if (ext === '.csv' || ext === '.txt')
      return await readCsv(conn, kinds, file, table, options.scratchDir ?? tmpdir());
    if (ext === '.xlsx') return await readXlsx(conn, kinds, file, table, limits);
    if (ext === '.parquet') return await readParquet(conn, kinds, file, table);
    return {
      ok: false,
      reason: 'BERKAS_RUSAK',
      message: `Format ${ext || '(tanpa ekstensi)'} tidak didukung: kirim .csv, .txt, .xlsx atau .parquet`,
    };
  } catch (error) {
    await conn.run(`DROP TABLE IF EXISTS ${table}`);
    await conn.run(`DROP TABLE IF EXISTS ${table}_broken`);
    if (error instanceof TooBigError)
      return { ok: false, reason: 'BERKAS_TERLALU_BESAR', message: error.message };
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

interface FileKinds {
  specs: readonly FeedSpec[];
  /** The periode the file's path names, for a file without a periode column. */
  periode: string | null;
  /** The feed's column map: contract column → header (mapHeader). */
  columnMap: Readonly<Record<string, string>>;
}

/**
 * What a header gives: the file kind, the header position of each contract column, and the
 * columns taken from the path instead (periode); or the file-level reject.
 */
interface Columns {
  spec: FeedSpec;
  found: Map<string, number>;
  constants: Map<string, string>;
  /** Header positions of the kecamatan and desa names, when the file names areas. */
  names: { kecamatan: number; desa: number } | null;
  /** kode_desa is read from a `kode_desa_bps` column (a BPS code, etl/crosswalk.ts). */
  bps: boolean;
}

/** A file without a kode_desa column that has a kecamatan and a desa name column. */
function areaNames(spec: FeedSpec, header: readonly string[]): Columns['names'] {
  if (!spec.columns.some((c) => c.kind === 'kode_desa')) return null;
  const normalised = header.map(normaliseHeader);
  const kecamatan = normalised.findIndex((h) => KECAMATAN_NAME_HEADERS.includes(h));
  const desa = normalised.findIndex((h) => DESA_NAME_HEADERS.includes(h));
  return kecamatan >= 0 && desa >= 0 ? { kecamatan, desa } : null;
}

function resolveColumns(kinds: FileKinds, header: readonly string[]): Columns | ReadResult {
  const spec =
    kinds.specs.find(
      (s) => s.kindColumn && mapHeader(s, header, kinds.columnMap).has(s.kindColumn),
    ) ??
    kinds.specs.find((s) => !s.kindColumn) ??
    kinds.specs[0];
  const found = mapHeader(spec, header, kinds.columnMap);
  const constants = new Map<string, string>();
  // A file without a periode column takes the periode its path names (docs/registry.md).
  if (!found.has('periode') && kinds.periode && spec.columns.some((c) => c.name === 'periode'))
    constants.set('periode', kinds.periode);
  // A BPS desa code column stands in for kode_desa, marked, until the crosswalk turns it into a
  // Kemendagri code (etl/crosswalk.ts); it is never read as one.
  const bpsAt = found.has('kode_desa') ? -1 : bpsColumn(spec, header);
  if (bpsAt >= 0) found.set('kode_desa', bpsAt);
  const bps = bpsAt >= 0;
  const names = found.has('kode_desa') ? null : areaNames(spec, header);
  const missing = spec.columns
    .filter((c) => (c.required || c.headerRequired) && !found.has(c.name) && !constants.has(c.name))
    .filter((c) => !(names && c.name === 'kode_desa'))
    .map((c) => c.name);
  if (missing.length === 0) return { spec, found, constants, names, bps };
  const periodeHint = missing.includes('periode')
    ? ' Kolom periode boleh diganti nama folder atau berkas yang memuat periodenya (2026-09 atau 202609).'
    : '';
  return {
    ok: false,
    reason: 'KOLOM_TIDAK_ADA',
    message: `Kolom wajib tidak ada: ${missing.join(', ')}. Periksa baris judul (header) berkas.${periodeHint}`,
    missing,
    spec,
    header,
  };
}

const isColumns = (r: Columns | ReadResult): r is Columns => 'found' in r;

/** The header position of a BPS desa code column, -1 when none (or the feed has no kode_desa). */
function bpsColumn(spec: FeedSpec, header: readonly string[]): number {
  if (!spec.columns.some((c) => c.name === 'kode_desa')) return -1;
  return header.map(normaliseHeader).indexOf(BPS_HEADER);
}

/** The SELECT list of a file: each contract column from its header position, path or NULL. */
function selectList(columns: Columns, at: (index: number) => string): string {
  const names = columns.names
    ? `, ${at(columns.names.kecamatan)} AS ${NAME_COLUMNS.kecamatan}, ${at(columns.names.desa)} AS ${NAME_COLUMNS.desa}`
    : '';
  return columns.spec.columns
    .map((c) => {
      const index = columns.found.get(c.name);
      const constant = columns.constants.get(c.name);
      const value =
        index !== undefined
          ? columns.bps && c.name === 'kode_desa'
            ? bpsMarkedSql(at(index))
            : at(index)
          : constant !== undefined
            ? sqlString(constant)
            : 'NULL::VARCHAR';
      return `${value} AS "${c.name}"`;
    })
    .join(', ')
    .concat(names);
}

export interface CsvHead {
  encoding: 'utf-8' | 'latin-1';
  delimiter: string;
  header: string[];
}

/** Reads at most 1 MB to find encoding, delimiter and header without loading the file. */
export async function sniffCsv(
  file: string,
  wholeFileUtf8?: boolean,
): Promise<CsvHead | { error: ReadResult }> {
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
  // The encoding of the whole file once known (quickScan: one Latin-1 byte anywhere makes it
  // Latin-1); before that, of the sample.
  let utf8 = wholeFileUtf8 ?? true;
  let text = '';
  try {
    if (utf8) text = new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
  } catch {
    utf8 = false;
  }
  if (!utf8) text = sample.toString('latin1');
  const encoding: CsvHead['encoding'] = utf8 ? 'utf-8' : 'latin-1';
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
  kinds: FileKinds,
  file: string,
  table: string,
  scratchDir: string,
): Promise<ReadResult> {
  let head = await sniffCsv(file);
  if ('error' in head) return head.error;
  const quick = await quickScan(file, head.delimiter);
  if (!quick.utf8 && head.encoding === 'utf-8') head = await sniffCsv(file, false);
  if ('error' in head) return head.error;
  const resolved = resolveColumns(kinds, head.header);
  if (!isColumns(resolved)) return resolved;
  const spec = resolved.spec;
  const byName = resolved.names !== null;
  const bps = resolved.bps;
  const info = { header: head.header, encoding: head.encoding, delimiter: head.delimiter };
  const loaded = async (
    csvRead: 'direct' | 'rewrite' | 'numbered',
    broken: number,
    skips?: number[],
  ): Promise<ReadResult> => ({
    ok: true,
    table,
    rows: await countRows(conn, table),
    broken,
    csvRead,
    ...(skips?.length ? { skips } : {}),
    spec,
    byName,
    bps,
    ...info,
  });
  const width = head.header.length;
  const columns = head.header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const select = selectList(resolved, (i) => `c${i}`);
  const options = `delim=${sqlString(head.delimiter)}, quote='"', escape='"', auto_detect=false,
    encoding=${sqlString(head.encoding)}`;
  const create = async (source: (parallel: boolean) => string, line: string) => {
    const sql = (parallel: boolean) =>
      `CREATE OR REPLACE TABLE ${table} AS SELECT ${line} AS _line, ${select} FROM ${source(parallel)}`;
    try {
      await conn.run(sql(true));
    } catch (error) {
      // The parallel scanner refuses some quoted line breaks; retry single-threaded.
      if (!String(error).includes('parallel')) throw error;
      await conn.run(sql(false));
    }
  };
  // _line NULL: the run's union view numbers the rows of a directly read file from rowid (header
  // = line 1), right when each physical line is one record.
  const direct = (parallel: boolean) =>
    `read_csv(${sqlString(file)}, ${options}, header=false, skip=1, columns={${columns}},
      null_padding=false, strict_mode=true, max_line_size=${MAX_RECORD_BYTES},
      parallel=${parallel})`;
  if (quick.plain) {
    // One record per line: DuckDB's strict reader fails on any line of another width.
    const read = await create(direct, 'NULL::INTEGER').then(
      () => true,
      () => false,
    );
    if (read) return loaded('direct', 0);
  }
  // Any other file (quotes, blank lines, records over several lines, broken lines): one pass in
  // Node writes only the records that split, and DuckDB reads those. Unnumbered first: a row's
  // line follows from the lines left out before it; a file with very many of those (or of one
  // column, whose empty records DuckDB would skip) is written again with each record numbered.
  const rewritten = path.join(
    scratchDir,
    `${table}-${process.pid}-${Math.random().toString(36).slice(2)}.csv`,
  );
  const rewrite = async (numbered: boolean) => {
    await conn.run(`CREATE OR REPLACE TABLE ${table}_broken (line INTEGER, value VARCHAR)`);
    const appender = await conn.createAppender(`${table}_broken`);
    try {
      return await rewriteCsv(
        file,
        rewritten,
        head.delimiter,
        width,
        quick.utf8,
        (line, value) => {
          appender.appendInteger(line);
          appender.appendVarchar(value);
          appender.endRow();
        },
        numbered ? { numbered } : { numbered, maxLeftOut: MAX_LEFT_OUT },
      );
    } finally {
      appender.closeSync();
    }
  };
  const source = (numbered: boolean) => (parallel: boolean) =>
    `read_csv(${sqlString(rewritten)}, ${options}, header=false,
      columns={${numbered ? `'c_line': 'INTEGER', ` : ''}${columns}}, null_padding=false,
      strict_mode=true, max_line_size=${MAX_RECORD_BYTES + 32}, parallel=${parallel})`;
  try {
    let written = await rewrite(width === 1);
    if (written.headerBroken) {
      await conn.run(`DROP TABLE ${table}_broken`);
      return {
        ok: false,
        reason: 'BERKAS_RUSAK',
        message: 'Baris judul (header) tidak dapat dipisah menjadi kolom: periksa tanda kutipnya.',
      };
    }
    let skips: number[] | undefined;
    if (written.leftOut) {
      await create(source(false), 'NULL::INTEGER');
      // Every record a row, else the line numbers would be wrong: numbered, as a safeguard.
      if ((await countRows(conn, table)) === written.records) skips = skipsOf(written.leftOut);
    }
    if (!skips) {
      written = await rewrite(true);
      await create(source(true), 'c_line');
    }
    if (written.broken === 0) await conn.run(`DROP TABLE ${table}_broken`);
    return await loaded(skips ? 'rewrite' : 'numbered', written.broken, skips);
  } finally {
    await rm(rewritten, { force: true });
  }
}

/** The most lines an unnumbered rewrite may leave out (each costs a comparison tree node). */
const MAX_LEFT_OUT = 10_000;

/**
 * The rowids from which rows lie one more line further on, given the lines left out (sorted):
 * with no line left out row `r` is line `r + 2` (the header is line 1).
 */
function skipsOf(leftOut: readonly number[]): number[] {
  return leftOut.map((line, j) => line - 2 - j);
}

/** SQL of a read row's line: `rowid + 2`, plus the lines its file's rewrite left out before it. */
export function lineOfRowSql(skips: readonly number[] | undefined): string {
  // How many skips are at or below rowid: a balanced tree of comparisons, ~log2(n) per row.
  const count = (lo: number, hi: number): string => {
    if (lo === hi) return String(lo);
    const mid = (lo + hi) >> 1;
    return `CASE WHEN rowid < ${skips![mid]} THEN ${count(lo, mid)} ELSE ${count(mid + 1, hi)} END`;
  };
  const base = 'CAST(rowid AS INTEGER) + 2';
  return skips?.length ? `${base} + ${count(0, skips.length)}` : base;
}

async function readParquet(
  conn: DuckDBConnection,
  kinds: FileKinds,
  file: string,
  table: string,
): Promise<ReadResult> {
  const described = await conn.runAndReadAll(
    `DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`,
  );
  const cols = described.getRowObjectsJS() as { column_name: string; column_type: string }[];
  const resolved = resolveColumns(
    kinds,
    cols.map((c) => c.column_name),
  );
  if (!isColumns(resolved)) return resolved;
  const spec = resolved.spec;
  const byName = resolved.names !== null;
  const info = { header: cols.map((c) => c.column_name) };
  const select = selectList(resolved, (index) => {
    const source = cols[index];
    const ref = sqlIdentifier(source.column_name);
    // A DATE-typed periode means its month, like an .xlsx date cell.
    const column = spec.columns.find((c) => resolved.found.get(c.name) === index);
    if (column?.kind === 'periode' && /^(DATE|TIMESTAMP)/.test(source.column_type))
      return `strftime(${ref}, '%Y-%m')`;
    return `CAST(${ref} AS VARCHAR)`;
  });
  await conn.run(
    `CREATE OR REPLACE TABLE ${table} AS SELECT CAST(file_row_number AS INTEGER) + 1 AS _line, ${select}
     FROM read_parquet(${sqlString(file)}, file_row_number=true)`,
  );
  const bps = resolved.bps;
  return {
    ok: true,
    table,
    rows: await countRows(conn, table),
    broken: 0,
    spec,
    byName,
    bps,
    ...info,
  };
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
    // A formula cell holds its last computed value (`result`) when the workbook was saved by a
    // spreadsheet program; without one (a generated file) there is no value to read: empty.
    if ('formula' in value || 'sharedFormula' in value || 'result' in value)
      return 'result' in value && value.result !== undefined && value.result !== null
        ? cellText(value.result as CellValue, col)
        : null;
    if ('richText' in value && Array.isArray(value.richText))
      return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return String(value.error);
  }
  // Any other cell kind has no text a CSV would carry (never "[object Object]").
  return null;
}

const MB = 2 ** 20;
const mb = (bytes: number) => (bytes / MB).toLocaleString('id-ID', { maximumFractionDigits: 1 });

function tooBig(what: string, limit: keyof ReadLimits, value: string, bound: string): TooBigError {
  return new TooBigError(
    `Berkas terlalu besar untuk dibaca: ${what} ${value} melebihi batas ${bound} (${LIMIT_ENV[limit]}). ` +
      'Pecah berkas menjadi beberapa berkas atau kirim sebagai CSV.',
  );
}

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  packed: number;
  size: number;
  offset: number;
}

/**
 * Checks an .xlsx (a zip) before it is parsed: its directory must be whole and its entries laid
 * out back to back (the streaming parser reads the entries in file order, so nothing may hide
 * between them), the declared unpacked sizes within the limits, and every entry is unpacked once
 * while counting, so a zip that declares less than it holds is caught without holding anything.
 */
async function checkXlsxZip(file: string, limits: ReadLimits): Promise<void> {
  const handle = await open(file, 'r');
  let entries: ZipEntry[] = [];
  let directoryAt = 0;
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let end = -1;
    for (let i = tailLength - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === 0x06054b50) {
        end = i;
        break;
      }
    if (end === -1)
      throw new Error('berkas .xlsx tidak utuh (daftar isi zip tidak ada); kirim ulang berkasnya');
    const count = tail.readUInt16LE(end + 10);
    const dirSize = tail.readUInt32LE(end + 12);
    directoryAt = tail.readUInt32LE(end + 16);
    if (count === 0xffff || dirSize === 0xffffffff || directoryAt === 0xffffffff)
      throw tooBig(
        'zip',
        'xlsxUnpackedMb',
        'berformat ZIP64 (lebih dari 4 GB)',
        `${limits.xlsxUnpackedMb} MB`,
      );
    if (directoryAt + dirSize > size) throw new Error('daftar isi zip rusak');
    const dir = Buffer.alloc(dirSize);
    await handle.read(dir, 0, dirSize, directoryAt);
    for (let at = 0, i = 0; i < count; i++) {
      if (at + 46 > dir.length || dir.readUInt32LE(at) !== 0x02014b50)
        throw new Error('daftar isi zip rusak');
      const nameLength = dir.readUInt16LE(at + 28);
      entries.push({
        flags: dir.readUInt16LE(at + 8),
        method: dir.readUInt16LE(at + 10),
        packed: dir.readUInt32LE(at + 20),
        size: dir.readUInt32LE(at + 24),
        offset: dir.readUInt32LE(at + 42),
        name: dir.toString('utf8', at + 46, at + 46 + nameLength),
      });
      at += 46 + nameLength + dir.readUInt16LE(at + 30) + dir.readUInt16LE(at + 32);
    }
    entries = entries.sort((a, b) => a.offset - b.offset);
    let expected = 0;
    for (const entry of entries) {
      if (entry.offset !== expected)
        throw new Error('isi zip tidak tersusun seperti daftar isinya');
      const local = Buffer.alloc(30);
      await handle.read(local, 0, 30, entry.offset);
      if (local.readUInt32LE(0) !== 0x04034b50) throw new Error('isi zip rusak');
      const data = entry.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      Object.assign(entry, { offset: data });
      expected = data + entry.packed;
      if (entry.flags & 8) {
        // A data descriptor follows the data: 12 or 16 bytes (with its signature).
        const sig = Buffer.alloc(4);
        await handle.read(sig, 0, 4, expected);
        expected += sig.readUInt32LE(0) === 0x08074b50 ? 16 : 12;
      }
    }
    if (expected !== directoryAt) throw new Error('isi zip tidak tersusun seperti daftar isinya');
  } finally {
    await handle.close();
  }
  const unpackedLimit = limits.xlsxUnpackedMb * MB;
  const stringsLimit = limits.xlsxSharedStringsMb * MB;
  const isStrings = (e: ZipEntry) => e.name === 'xl/sharedStrings.xml';
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  for (const e of entries.filter(isStrings))
    if (e.size > stringsLimit || e.size === 0xffffffff)
      throw tooBig(
        'isi sharedStrings.xml',
        'xlsxSharedStringsMb',
        `${mb(e.size)} MB`,
        `${limits.xlsxSharedStringsMb} MB`,
      );
  if (declared > unpackedLimit)
    throw tooBig(
      'isi zip setelah dibuka',
      'xlsxUnpackedMb',
      `${mb(declared)} MB`,
      `${limits.xlsxUnpackedMb} MB`,
    );
  let total = 0;
  for (const entry of entries) {
    const bound = Math.min(entry.size, isStrings(entry) ? stringsLimit : unpackedLimit);
    const unpacked = await unpackedSize(file, entry, bound + 1);
    if (unpacked > entry.size)
      throw new Error(`isi ${entry.name} lebih besar daripada yang tercatat di daftar isi zip`);
    total += unpacked;
    if (total > unpackedLimit)
      throw tooBig(
        'isi zip setelah dibuka',
        'xlsxUnpackedMb',
        `lebih dari ${mb(total)} MB`,
        `${limits.xlsxUnpackedMb} MB`,
      );
  }
}

/** Unpacked size of one zip entry, counted while unpacking; stops once it passes `stop`. */
function unpackedSize(file: string, entry: ZipEntry, stop: number): Promise<number> {
  if (entry.packed === 0) return Promise.resolve(0);
  if (entry.method === 0) return Promise.resolve(entry.packed);
  if (entry.method !== 8)
    return Promise.reject(new Error(`metode kompresi zip ${entry.method} tidak didukung`));
  return new Promise((resolve, reject) => {
    const source = createReadStream(file, {
      start: entry.offset,
      end: entry.offset + entry.packed - 1,
    });
    const inflate = createInflateRaw();
    let size = 0;
    const done = (error: Error | null) => {
      source.destroy();
      inflate.destroy();
      if (error) reject(error);
      else resolve(size);
    };
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size >= stop) done(null);
    });
    inflate.on('end', () => done(null));
    inflate.on('error', (error) => done(error));
    source.on('error', (error) => done(error));
    source.pipe(inflate);
  });
}

async function readXlsx(
  conn: DuckDBConnection,
  kinds: FileKinds,
  file: string,
  table: string,
  limits: ReadLimits,
): Promise<ReadResult> {
  const started = performance.now();
  const overTime = () => performance.now() - started > limits.xlsxSeconds * 1000;
  const timeUp = () =>
    tooBig(
      'waktu baca',
      'xlsxSeconds',
      `lebih dari ${limits.xlsxSeconds} detik`,
      `${limits.xlsxSeconds} detik`,
    );
  await checkXlsxZip(file, limits);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    styles: 'cache',
    hyperlinks: 'ignore',
  });
  // The reader keeps every shared string in one array: count them as they arrive.
  let strings: unknown[] | undefined;
  Object.defineProperty(reader, 'sharedStrings', {
    configurable: true,
    get: () => strings,
    set: (value: unknown[]) => {
      strings = value;
      const push = value.push.bind(value);
      value.push = (...items: unknown[]) => {
        if (value.length + items.length > limits.xlsxSharedStrings)
          throw tooBig(
            'jumlah teks bersama (shared strings)',
            'xlsxSharedStrings',
            `lebih dari ${limits.xlsxSharedStrings.toLocaleString('id-ID')}`,
            limits.xlsxSharedStrings.toLocaleString('id-ID'),
          );
        if (value.length % 10_000 === 0 && overTime()) throw timeUp();
        return push(...items);
      };
    },
  });
  let cellCount = 0;
  // The table is made once the header (the first non-empty row) tells the file kind.
  let appender: Awaited<ReturnType<DuckDBConnection['createAppender']>> | null = null;
  let found: Columns | null = null;
  let xlsxHeader: string[] = [];
  let sheet: string | undefined;
  let rows = 0;
  try {
    for await (const worksheet of reader) {
      sheet = (worksheet as unknown as { name?: string }).name;
      for await (const row of worksheet) {
        if (row.number > limits.xlsxRows)
          throw tooBig(
            'jumlah baris',
            'xlsxRows',
            `lebih dari ${limits.xlsxRows.toLocaleString('id-ID')}`,
            limits.xlsxRows.toLocaleString('id-ID'),
          );
        if (overTime()) throw timeUp();
        const values = (row.values as CellValue[]).slice(1); // exceljs rows are 1-based
        cellCount += values.length;
        if (cellCount > limits.xlsxCells)
          throw tooBig(
            'jumlah sel',
            'xlsxCells',
            `lebih dari ${limits.xlsxCells.toLocaleString('id-ID')}`,
            limits.xlsxCells.toLocaleString('id-ID'),
          );
        const cells = values.map((v) => (v === undefined ? null : v));
        if (!found) {
          const texts = cells.map((v) => (v === null ? '' : String(cellText(v, TEXT) ?? '')));
          if (texts.every((t) => t.trim() === '')) continue; // the header is the first non-empty row
          const resolved = resolveColumns(kinds, texts);
          if (!isColumns(resolved)) return resolved;
          found = resolved;
          xlsxHeader = texts;
          const nameDefs = found.names
            ? `, ${NAME_COLUMNS.kecamatan} VARCHAR, ${NAME_COLUMNS.desa} VARCHAR`
            : '';
          const colDefs =
            found.spec.columns.map((c) => `"${c.name}" VARCHAR`).join(', ') + nameDefs;
          await conn.run(`CREATE OR REPLACE TABLE ${table} (_line INTEGER, ${colDefs})`);
          appender = await conn.createAppender(table);
          continue;
        }
        if (!appender) continue;
        appender.appendInteger(row.number);
        for (const col of found.spec.columns) {
          const index = found.found.get(col.name);
          const constant = found.constants.get(col.name);
          const cell =
            index !== undefined ? cellText(cells[index] ?? null, col) : (constant ?? null);
          const text =
            found.bps && col.name === 'kode_desa' && cell !== null ? bpsMarked(cell) : cell;
          if (text === null) appender.appendNull();
          else appender.appendVarchar(text);
        }
        if (found.names)
          for (const index of [found.names.kecamatan, found.names.desa]) {
            const text = cellText(cells[index] ?? null, TEXT);
            if (text === null) appender.appendNull();
            else appender.appendVarchar(text);
          }
        appender.endRow();
        rows++;
      }
      break; // first worksheet only
    }
  } finally {
    appender?.closeSync();
    (reader as unknown as { stream?: { destroy?: () => void } }).stream?.destroy?.();
  }
  if (!found)
    return { ok: false, reason: 'KOLOM_TIDAK_ADA', message: 'Lembar kerja pertama kosong.' };
  return {
    ok: true,
    table,
    rows,
    broken: 0,
    spec: found.spec,
    byName: found.names !== null,
    bps: found.bps,
    header: xlsxHeader,
    sheet,
  };
}

const TEXT: ColumnSpec = { name: '', kind: 'text', required: false };

/**
 * Buffered file writers. Rows are pushed synchronously into a chunk and written out with
 * backpressure on flush(), so that at large --scale a feed never sits whole in memory.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';

export interface RowSink {
  readonly path: string;
  rows: number;
  push(values: readonly string[]): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

const FLUSH_AT = 1 << 20;

export interface CsvOptions {
  delimiter: string;
  /** Indonesian-locale Excel saves "CSV UTF-8" with a byte-order mark. */
  bom?: boolean;
  /** Windows line ends, as Excel writes them. */
  crlf?: boolean;
  /** Every field in quotes, as DTSEN releases are written. */
  quoteAll?: boolean;
  /** Bytes of the file: UTF-8 (default) or Latin-1, as a Windows export is. */
  encoding?: 'utf8' | 'latin1';
}

export class CsvSink implements RowSink {
  rows = 0;
  private chunk: string[] = [];
  private size = 0;
  private readonly stream: WriteStream;
  private readonly eol: string;
  private readonly needsQuote: RegExp;

  constructor(
    readonly path: string,
    header: readonly string[],
    private readonly opts: CsvOptions,
  ) {
    this.stream = createWriteStream(path);
    this.eol = opts.crlf ? '\r\n' : '\n';
    const d = opts.delimiter === '|' ? '\\|' : opts.delimiter;
    this.needsQuote = new RegExp(`[${d}"\\r\\n]`);
    this.append((opts.bom ? '\ufeff' : '') + this.line(header));
  }

  push(values: readonly string[]): void {
    this.rows++;
    this.append(this.line(values));
  }

  /** A line written as it is (a broken line of an export); counts as a row. */
  pushRaw(text: string): void {
    this.rows++;
    this.append(text + this.eol);
  }

  /** Writes the chunk and waits until the stream has room again. */
  async flush(): Promise<void> {
    this.writeChunk();
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }

  private line(values: readonly string[]): string {
    let out = '';
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as string;
      if (i > 0) out += this.opts.delimiter;
      if (this.opts.quoteAll) out += v.includes('"') ? `"${v.replaceAll('"', '""')}"` : `"${v}"`;
      else out += this.needsQuote.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
    }
    return out + this.eol;
  }

  private append(text: string): void {
    this.chunk.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) this.writeChunk();
  }

  private writeChunk(): void {
    if (this.chunk.length === 0) return;
    this.stream.write(this.chunk.join(''), this.opts.encoding ?? 'utf8');
    this.chunk = [];
    this.size = 0;
  }
}

/** A sink that writes each row through a mapping (another column order, names for codes). */
export class MappedSink implements RowSink {
  rows = 0;

  constructor(
    private readonly inner: RowSink,
    private readonly map: (values: readonly string[]) => string[],
  ) {}

  get path(): string {
    return this.inner.path;
  }

  push(values: readonly string[]): void {
    this.rows++;
    this.inner.push(this.map(values));
  }

  flush(): Promise<void> {
    return this.inner.flush();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export type XlsxCell = string | number | Date;

/** Fixed zip-entry and document dates make the workbook byte-identical for the same seed. */
const FIXED_XLSX_DATE = new Date(Date.UTC(2020, 0, 1));

export class XlsxSink implements RowSink {
  rows = 0;
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;

  constructor(
    readonly path: string,
    header: readonly string[],
    private readonly toCells: (values: readonly string[]) => XlsxCell[],
    dateColumns: readonly number[],
    leadingBlankRows = 0,
  ) {
    this.workbook = new PinnedWorkbookWriter({
      filename: path,
      useStyles: true,
      useSharedStrings: false,
    });
    this.workbook.created = FIXED_XLSX_DATE;
    this.workbook.modified = FIXED_XLSX_DATE;
    this.workbook.creator = 'SIKS-NG';
    this.sheet = this.workbook.addWorksheet('DTKS');
    for (const c of dateColumns) this.sheet.getColumn(c + 1).numFmt = 'dd/mm/yyyy';
    for (let i = 0; i < leadingBlankRows; i++) this.sheet.addRow([]).commit();
    this.sheet.addRow([...header]).commit();
  }

  push(values: readonly string[]): void {
    this.rows++;
    this.sheet.addRow(this.toCells(values)).commit();
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
  }
}

/**
 * exceljs stamps every zip entry with the current time; reproducible output needs a fixed one.
 * addThemes is the first thing the constructor does once its (private) archiver exists.
 */
class PinnedWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter {
  override addThemes(): Promise<void> {
    pinZipDates(this);
    return super.addThemes();
  }
}

function pinZipDates(workbook: unknown): void {
  const zip = (workbook as { zip?: { append: (data: unknown, o: object) => unknown } }).zip;
  if (!zip) return;
  const append = zip.append.bind(zip);
  zip.append = (data, o) => append(data, { ...o, date: FIXED_XLSX_DATE });
}

/**
 * The lines of a CSV/TXT file, checked in one streaming pass before DuckDB reads it.
 *
 * A file's lines: a quoted field may span physical lines (RFC 4180). A record that cannot be
 * split into the header's fields — a quote never closed, text after a closing quote, a `"` inside
 * an unquoted field, a field count other than the header's, more than 4 MiB — rejects its first
 * physical line (`BARIS_RUSAK`) and reading resumes on the next physical line. Blank lines (or
 * lines of delimiters only) are skipped.
 *
 * `quickScan` finds, with native searches only, the files whose every physical line is one record
 * as far as quotes and line ends go — almost every export — which DuckDB's strict reader reads
 * directly. Any other file is rewritten by `rewriteCsv` in one pass, byte by byte (quote,
 * delimiter and line-end bytes are the same in UTF-8 and Latin-1), into the run's scratch folder:
 * only the records that split, so that DuckDB reads exactly those records; every row keeps its
 * line number (from the lines the rewrite left out, or written in front of each record); broken
 * lines are reported. `checkCsv` is the same walk without writing: whether every physical line
 * is exactly one record (what `quickScan`'s `plain` promises; the tests hold one against the
 * other).
 */
import { isUtf8 } from 'node:buffer';
import { open, type FileHandle } from 'node:fs/promises';

/** The longest record read (DuckDB's max_line_size of the direct read). */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024;
const CHUNK = 8 * 1024 * 1024;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

type Parsed =
  | { kind: 'more' }
  | { kind: 'blank'; next: number }
  | { kind: 'record'; end: number; next: number; fields: number; lines: number }
  | { kind: 'broken'; problem: string };

/** Physical line ends in buf[from, to): LF, CR LF, or a lone CR. */
function lineEnds(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const b = buf[i];
    if (b === LF) n++;
    else if (b === CR && buf[i + 1] !== LF) n++;
  }
  return n;
}

/** Parses the record starting at `pos`; `eof`: buf ends where the file ends. */
function parseRecord(buf: Buffer, pos: number, eof: boolean, delim: number, want: number): Parsed {
  const end = buf.length;
  const more = (): Parsed =>
    end - pos > MAX_RECORD_BYTES
      ? { kind: 'broken', problem: `rekaman lebih dari ${MAX_RECORD_BYTES / 2 ** 20} MB` }
      : { kind: 'more' };
  let i = pos;
  let fields = 1;
  let lines = 1;
  for (;;) {
    if (i < end && buf[i] === QUOTE) {
      i++;
      for (;;) {
        const q = buf.indexOf(QUOTE, i);
        if (q === -1)
          return eof ? { kind: 'broken', problem: 'tanda kutip tidak ditutup' } : more();
        lines += lineEnds(buf, i, q);
        if (q + 1 >= end && !eof) return more();
        if (buf[q + 1] === QUOTE) {
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      if (i >= end) {
        if (!eof) return more();
        break;
      }
      const c = buf[i];
      if (c === delim) {
        fields++;
        i++;
        continue;
      }
      if (c === LF || c === CR) break;
      return { kind: 'broken', problem: 'ada teks setelah tanda kutip penutup' };
    }
    // Unquoted field: up to the delimiter or the line end.
    while (i < end) {
      const c = buf[i];
      if (c === delim || c === LF || c === CR || c === QUOTE) break;
      i++;
    }
    if (i >= end) {
      if (!eof) return more();
      break;
    }
    const c = buf[i];
    if (c === QUOTE) return { kind: 'broken', problem: 'tanda kutip di tengah nilai tanpa kutip' };
    if (c === delim) {
      fields++;
      i++;
      continue;
    }
    break; // LF or CR
  }
  if (i - pos > MAX_RECORD_BYTES)
    return { kind: 'broken', problem: `rekaman lebih dari ${MAX_RECORD_BYTES / 2 ** 20} MB` };
  let next = i;
  if (i < end) {
    if (buf[i] === CR) {
      if (i + 1 >= end && !eof) return more();
      next = buf[i + 1] === LF ? i + 2 : i + 1;
    } else next = i + 1;
  }
  if (fields !== want && want > 0) {
    // A line of spaces and delimiters only is blank, whatever its field count.
    let blank = lines === 1;
    for (let k = pos; blank && k < i; k++) {
      const b = buf[k];
      blank = b === SPACE || b === TAB || b === delim;
    }
    if (blank) return { kind: 'blank', next };
    return {
      kind: 'broken',
      problem: `${fields} kolom, sedangkan baris judul ${want} kolom`,
    };
  }
  return { kind: 'record', end: i, next, fields, lines };
}

/**
 * The common cases in one tight pass: a line without any quote (found with native searches, its
 * fields counted by its delimiters), or a line whose quotes all enclose whole fields and close
 * on the line (`""` inside, as real exports quote every field). Null: take the general parser —
 * a record over several lines, a lone CR, a misplaced quote, or another field count than the
 * header's (blank or broken: the general parser says which).
 */
class FastLines {
  private quote = -2;
  private cr = -2;

  reset(): void {
    this.quote = -2;
    this.cr = -2;
  }

  parse(buf: Buffer, pos: number, delim: number, want: number): Parsed | null {
    const lf = buf.indexOf(LF, pos);
    if (lf === -1) return null; // the last line, or one that goes on in the next chunk
    if (lf - pos > MAX_RECORD_BYTES) return null;
    if (this.quote < pos && this.quote !== -1) this.quote = buf.indexOf(QUOTE, pos);
    if (this.cr < pos && this.cr !== -1) this.cr = buf.indexOf(CR, pos);
    let end = lf;
    if (this.cr !== -1 && this.cr < lf) {
      if (this.cr !== lf - 1) return null; // a lone CR ends a line too
      end = lf - 1;
    }
    const fields =
      this.quote !== -1 && this.quote < end
        ? quotedFields(buf, pos, end, delim)
        : delimitedFields(buf, pos, end, delim);
    if (fields === want || (want === 0 && fields > 0))
      return { kind: 'record', end, next: lf + 1, fields, lines: 1 };
    return null;
  }
}

/** Fields of buf[from, to) when it holds no quote: its delimiters plus one. */
function delimitedFields(buf: Buffer, from: number, to: number, delim: number): number {
  let fields = 1;
  for (let k = from; k < to; k++) if (buf[k] === delim) fields++;
  return fields;
}

/**
 * Fields of the line buf[from, to) (no line break in it), each unquoted or quoted whole with
 * `""` inside; -1 for anything else (a quote left open or inside an unquoted value, text after a
 * closing quote).
 */
function quotedFields(buf: Buffer, from: number, to: number, delim: number): number {
  let fields = 1;
  let k = from;
  while (k < to) {
    if (buf[k] === QUOTE) {
      k++;
      for (;;) {
        if (k >= to) return -1; // open at the line's end: the general parser follows it
        if (buf[k] === QUOTE) {
          if (k + 1 < to && buf[k + 1] === QUOTE) k += 2;
          else break;
        } else k++;
      }
      k++; // past the closing quote
      if (k === to) break;
      if (buf[k] !== delim) return -1;
    } else {
      while (k < to && buf[k] !== delim) {
        if (buf[k] === QUOTE) return -1;
        k++;
      }
      if (k === to) break;
    }
    fields++;
    k++;
  }
  return fields;
}

/** Streaming UTF-8 validity of a byte sequence cut into chunks. */
class Utf8Check {
  valid = true;
  private tail: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    if (!this.valid || chunk.length === 0) return;
    let start = 0;
    if (this.tail.length > 0) {
      const need = sequenceLength(this.tail[0]) - this.tail.length;
      const head = Buffer.concat([this.tail, chunk.subarray(0, need)]);
      if (head.length < sequenceLength(this.tail[0])) {
        this.tail = head;
        return;
      }
      if (!isUtf8(head)) this.valid = false;
      start = need;
      this.tail = Buffer.alloc(0);
    }
    // Keep an incomplete sequence at the end for the next chunk.
    let cut = chunk.length;
    for (let k = 1; k <= 3 && chunk.length - k >= start; k++) {
      const b = chunk[chunk.length - k];
      if ((b & 0xc0) === 0x80) continue;
      if (b >= 0xc0 && sequenceLength(b) > k) cut = chunk.length - k;
      break;
    }
    if (!isUtf8(chunk.subarray(start, cut))) this.valid = false;
    this.tail = Buffer.from(chunk.subarray(cut));
  }

  end(): boolean {
    if (this.tail.length > 0) this.valid = false;
    return this.valid;
  }
}

function sequenceLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

export interface CsvCheck {
  /** The whole file is valid UTF-8 (else it is read as Latin-1). */
  utf8: boolean;
  /** Every physical line (but blank ones at the end) is exactly one record of the header's width. */
  regular: boolean;
  /** The header record could not be split (a quote never closed, over 4 MiB). */
  headerBroken: boolean;
}

interface Visitor {
  header?: (fields: number, lines: number) => void;
  /** A record: buf[start, end) without its line end; the next line starts at buf[next]. */
  record?: (
    buf: Buffer,
    start: number,
    end: number,
    line: number,
    lines: number,
    next: number,
  ) => void;
  broken?: (line: number, problem: string, chars: number) => void;
  blank?: (line: number) => void;
  /** Awaited before each chunk is read: a consumer that writes asynchronously catches up. */
  drain?: () => Promise<void>;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const CRLF = Buffer.from([CR, LF]);
const LF_ONLY = Buffer.from([LF]);

/**
 * One pass over the file: records (the first is the header, `want` its field count or 0 to take
 * the header's own), blank and broken lines, and UTF-8 validity.
 */
async function walk(
  file: string,
  delimiter: string,
  want: number,
  utf8Known: boolean | null,
  visit: Visitor,
): Promise<{ utf8: boolean; headerBroken: boolean }> {
  const delim = delimiter.charCodeAt(0);
  const handle = await open(file, 'r');
  const utf8 = new Utf8Check();
  const fast = new FastLines();
  // One buffer for the whole walk: the unread rest (a partial record) moves to its start and the
  // next chunk is read behind it, so no byte is copied twice and no memory is allocated per chunk.
  const work = Buffer.allocUnsafe(CHUNK + MAX_RECORD_BYTES + 16);
  let buf = work.subarray(0, 0);
  let pos = 0;
  let line = 1;
  let eof = false;
  let first = true;
  let headerBroken = false;
  const refill = async () => {
    await visit.drain?.();
    const rest = buf.length - pos;
    if (rest > 0 && pos > 0) work.copyWithin(0, pos, buf.length);
    const { bytesRead } = await handle.read(work, rest, work.length - rest, null);
    if (utf8Known === null) utf8.push(work.subarray(rest, rest + bytesRead));
    eof = bytesRead === 0;
    buf = work.subarray(0, rest + bytesRead);
    pos = 0;
    fast.reset();
  };
  // A broken record whose first line does not end inside the buffer: skip to that line's end.
  let skipping: { line: number; problem: string; chars: number } | null = null;
  const charsOf = (from: number, to: number) => {
    if (utf8Known === false) return to - from;
    let n = 0;
    for (let i = from; i < to; i++) if ((buf[i] & 0xc0) !== 0x80) n++;
    return n;
  };
  try {
    await refill();
    while (!eof && buf.length < 3) await refill();
    if (buf.subarray(0, 3).equals(BOM)) pos = 3;
    for (;;) {
      if (skipping) {
        let end = pos;
        while (end < buf.length && buf[end] !== LF && buf[end] !== CR) end++;
        skipping.chars += charsOf(pos, end);
        pos = end;
        // The line goes on in the next chunk, or a CR ends the buffer (an LF may follow).
        if (!eof && (end >= buf.length || (buf[end] === CR && end + 1 >= buf.length))) {
          await refill();
          continue;
        }
        visit.broken?.(skipping.line, skipping.problem, skipping.chars);
        if (end < buf.length) pos = buf[end] === CR && buf[end + 1] === LF ? end + 2 : end + 1;
        line = skipping.line + 1;
        skipping = null;
        continue;
      }
      if (pos >= buf.length) {
        if (eof) break;
        await refill();
        continue;
      }
      const parsed =
        fast.parse(buf, pos, delim, first ? 0 : want) ??
        parseRecord(buf, pos, eof, delim, first ? 0 : want);
      if (parsed.kind === 'more') {
        await refill();
        continue;
      }
      if (parsed.kind === 'broken') {
        if (first) {
          headerBroken = true;
          break;
        }
        skipping = { line, problem: parsed.problem, chars: 0 };
        continue;
      }
      if (parsed.kind === 'blank') {
        if (!first) visit.blank?.(line);
        line += 1;
        pos = parsed.next;
        continue;
      }
      if (first) {
        first = false;
        want = want || parsed.fields;
        visit.header?.(parsed.fields, parsed.lines);
      } else visit.record?.(buf, pos, parsed.end, line, parsed.lines, parsed.next);
      line += parsed.lines;
      pos = parsed.next;
    }
    // What is left of the file after the header broke is not read.
    if (headerBroken) return { utf8: utf8Known ?? utf8.valid, headerBroken };
    while (!eof && utf8Known === null) {
      pos = buf.length;
      await refill();
    }
  } finally {
    await handle.close();
  }
  return { utf8: utf8Known ?? utf8.end(), headerBroken };
}

/** Checks the file (see the module comment); `fields` is the header's field count. */
export async function checkCsv(file: string, delimiter: string, fields: number): Promise<CsvCheck> {
  let regular = true;
  let blankSeen = false;
  let expectLine = 2;
  const result = await walk(file, delimiter, fields, null, {
    header: (n, lines) => {
      if (n !== fields || lines !== 1) regular = false;
    },
    record: (_buf, _start, _end, line, lines) => {
      if (blankSeen || lines !== 1 || line !== expectLine) regular = false;
      expectLine = line + 1;
    },
    blank: () => {
      blankSeen = true; // only blank lines at the end keep the file regular
    },
    broken: () => {
      regular = false;
    },
  });
  return { utf8: result.utf8, regular, headerBroken: result.headerBroken };
}

/** What a broken line's reject says: the problem and the line's length, none of its content. */
function brokenDescription(problem: string, chars: number): string {
  return `Baris tidak dapat dipisah menjadi kolom judul: ${problem}; baris ${chars} karakter`;
}

export interface Rewritten {
  records: number;
  broken: number;
  /** The header record could not be split (nothing else is read). */
  headerBroken: boolean;
  /**
   * Unnumbered: the lines after the header that start no record (broken and blank lines, the
   * further lines of records over several), in order — null when more than `maxLeftOut`.
   */
  leftOut: number[] | null;
}

/**
 * Writes the records that split to `out` (the header left out) and reports every broken line
 * with a description that holds no content of the line.
 *
 * `numbered`: each record as `<line><delimiter><record>\n`. Otherwise the records as they are,
 * each contiguous run of them copied at once (a broken line every 50,000 lines leaves runs of
 * megabytes; numbering every record cost three to five times the walk itself: 15-25 s against
 * 4.7 s for a 2.3 GB DTSEN member file), and `leftOut` says which lines start no record, from which a row's
 * line follows (`skipsOf` in readers.ts); a file with more of them than `maxLeftOut` is written
 * numbered by its caller instead. Records go through an output buffer written when full.
 */
export async function rewriteCsv(
  file: string,
  out: string,
  delimiter: string,
  fields: number,
  utf8: boolean,
  onBroken: (line: number, description: string) => void,
  layout: { numbered: true } | { numbered: false; maxLeftOut: number } = { numbered: true },
): Promise<Rewritten> {
  const target: FileHandle = await open(out, 'w');
  const delim = delimiter.charCodeAt(0);
  // Room for a full chunk plus the longest record and its line-number prefix. A full buffer is
  // written while the next fills; before each chunk is read the writes catch up to one in flight,
  // so memory stays at a few chunks whatever the file's size (unbounded queued writes held the
  // whole rewritten file: 2.4 GiB for a 371 MB DTSEN member file).
  const size = CHUNK + MAX_RECORD_BYTES + 32;
  const spare: Buffer[] = [];
  let output: Buffer = Buffer.allocUnsafe(size);
  let used = 0;
  let records = 0;
  let broken = 0;
  let at = 0;
  const writes: Promise<unknown>[] = [];
  const flush = () => {
    if (used === 0) return;
    const position = at;
    at += used;
    const full = output;
    writes.push(target.write(full, 0, used, position).then(() => spare.push(full)));
    output = spare.pop() ?? Buffer.allocUnsafe(size);
    used = 0;
  };
  const copy = (buf: Buffer, start: number, end: number) => {
    if (used + end - start > size) flush();
    used += buf.copy(output, used, start, end);
    if (used > CHUNK) flush();
  };
  // Unnumbered: the run of records not yet copied, buf[runStart, runEnd), and the lines left out.
  let run: Buffer | null = null;
  let runStart = 0;
  let runEnd = 0;
  const endRun = () => {
    if (run) copy(run, runStart, runEnd);
    run = null;
  };
  let eol: Buffer | null = null;
  const max = layout.numbered ? 0 : layout.maxLeftOut;
  let leftOut: number[] | null = [];
  const leave = (line: number) => {
    if (leftOut && leftOut.length >= max) leftOut = null;
    leftOut?.push(line);
  };
  const numbered = (buf: Buffer, start: number, end: number, line: number) => {
    used += output.write(String(line), used, 'latin1');
    output[used++] = delim;
    used += buf.copy(output, used, start, end);
    output[used++] = LF;
    if (used > CHUNK) flush();
  };
  const unnumbered: NonNullable<Visitor['record']> = (buf, start, end, line, lines, next) => {
    for (let k = 1; k < lines; k++) leave(line + k);
    // Line ends as the first record's (CR LF or LF): DuckDB's reader takes one kind per file.
    const ending = next - end === 2 ? CRLF : next - end === 1 && buf[end] === LF ? LF_ONLY : null;
    eol ??= ending ?? LF_ONLY;
    if (next > end && ending !== eol) {
      endRun();
      copy(buf, start, end);
      copy(eol, 0, eol.length);
    } else if (run === buf && runEnd === start) runEnd = next;
    else {
      endRun();
      run = buf;
      runStart = start;
      runEnd = next;
    }
  };
  const drain = async () => {
    endRun(); // the walk's buffer is about to move
    while (writes.length > 1) await writes.shift();
  };
  try {
    const walked = await walk(file, delimiter, fields, utf8, {
      record: (buf, start, end, line, lines, next) => {
        records++;
        if (layout.numbered) numbered(buf, start, end, line);
        else unnumbered(buf, start, end, line, lines, next);
      },
      broken: (line, problem, chars) => {
        broken++;
        leave(line);
        onBroken(line, brokenDescription(problem, chars));
      },
      blank: leave,
      drain,
    });
    endRun();
    flush();
    await Promise.all(writes);
    return {
      records,
      broken,
      headerBroken: walked.headerBroken,
      leftOut: layout.numbered ? null : leftOut,
    };
  } finally {
    await Promise.allSettled(writes);
    await target.close();
  }
}

/**
 * A quick look with native searches only: whether the file is valid UTF-8, and whether it is
 * plain — every physical line is one record as far as quotes and line ends go: no blank line
 * before its last line, no lone CR, and every `"` well placed (an opening quote at the start of a
 * field, a closing one at its end, `""` inside) with no line break inside quotes. A plain file's
 * lines are its records, so DuckDB's strict reader alone can tell whether every line has the
 * header's field count (it fails otherwise, and the file takes `rewriteCsv`). The cost grows with
 * the number of quotes and line ends searched for, not with every byte.
 */
export async function quickScan(
  file: string,
  delimiter: string,
): Promise<{ utf8: boolean; plain: boolean }> {
  const delim = delimiter.charCodeAt(0);
  const handle = await open(file, 'r');
  const utf8 = new Utf8Check();
  const work = Buffer.allocUnsafe(CHUNK);
  let plain = true;
  let blankBefore = false; // a blank line was seen: plain only if nothing but line ends follows
  let crAtEnd = false; // the previous chunk ended with CR: is the next byte an LF?
  let lastByte = -1; // of the previous chunk (-1: start of file)
  let quoted = false; // inside a quoted field at the end of the previous chunk
  let quoteAtEnd = false; // the previous chunk ended with a quote inside a quoted field
  const fieldEnd = (b: number | undefined) =>
    b === undefined || b === delim || b === LF || b === CR;
  try {
    for (;;) {
      const { bytesRead } = await handle.read(work, 0, CHUNK, null);
      if (bytesRead === 0) break;
      const chunk = work.subarray(0, bytesRead);
      utf8.push(chunk);
      if (!plain) continue;
      if (crAtEnd && chunk[0] !== LF) plain = false;
      crAtEnd = false;
      for (let cr = chunk.indexOf(CR); plain && cr !== -1; cr = chunk.indexOf(CR, cr + 1)) {
        if (cr + 1 === chunk.length) crAtEnd = true;
        else if (chunk[cr + 1] !== LF) plain = false;
      }
      // Quotes: walk from one to the next.
      let from = 0;
      if (quoteAtEnd) {
        quoteAtEnd = false;
        if (chunk[0] === QUOTE)
          from = 1; // an escaped "" across the boundary
        else if (fieldEnd(chunk[0])) quoted = false;
        else plain = false;
      }
      let start = quoted ? 0 : -1;
      for (let q = chunk.indexOf(QUOTE, from); plain && q !== -1; q = chunk.indexOf(QUOTE, q + 1)) {
        if (!quoted) {
          const before = q === 0 ? lastByte : chunk[q - 1];
          if (!(before === -1 || before === delim || before === LF || before === CR)) {
            // A BOM before the header's first quote is fine.
            if (!(lastByte === -1 && q === 3 && chunk[0] === 0xef)) plain = false;
          }
          quoted = true;
          start = q;
          continue;
        }
        if (q + 1 === chunk.length) {
          if (chunk.indexOf(LF, start) < q && chunk.indexOf(LF, start) !== -1) plain = false;
          quoteAtEnd = true;
          break;
        }
        if (chunk[q + 1] === QUOTE) {
          q++;
          continue;
        }
        const lf = chunk.indexOf(LF, start);
        const cr = chunk.indexOf(CR, start);
        if ((lf !== -1 && lf < q) || (cr !== -1 && cr < q)) plain = false; // a record over lines
        if (!fieldEnd(chunk[q + 1])) plain = false; // text after the closing quote
        quoted = false;
      }
      if (plain && quoted && !quoteAtEnd) {
        // A quoted field goes on in the next chunk: no line break may be in this part of it.
        if (chunk.indexOf(LF, start) !== -1 || chunk.indexOf(CR, start) !== -1) plain = false;
      }
      // Blank lines: LF LF or LF CR LF (also across the chunk boundary).
      if (lastByte === LF && (chunk[0] === LF || (chunk[0] === CR && chunk[1] === LF)))
        blankBefore = true;
      if (blankBefore && chunk.findIndex((b) => b !== LF && b !== CR) !== -1) plain = false;
      for (const gap of ['\n\n', '\n\r\n']) {
        const at = chunk.indexOf(gap);
        if (at === -1) continue;
        blankBefore = true;
        for (let k = at; k < chunk.length && plain; k++)
          if (chunk[k] !== LF && chunk[k] !== CR) plain = false;
      }
      lastByte = chunk[chunk.length - 1];
    }
    if (quoteAtEnd) quoted = false; // the file ends with a closing quote
    if (quoted) plain = false; // a quote never closed
  } finally {
    await handle.close();
  }
  return { utf8: utf8.end(), plain };
}

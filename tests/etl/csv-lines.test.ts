/**
 * The rewrite of a CSV file against a reference reading written here from the module's rules
 * (etl/csv-lines.ts): a record starts on a physical line; a field is unquoted (no quote in it) or
 * quoted whole (`""` inside, line breaks allowed); a record of another width than the header's,
 * a quote left open, text after a closing quote or a quote inside an unquoted field rejects the
 * record's first physical line and reading resumes on the next one; a line of spaces, tabs and
 * delimiters only is skipped. Thousands of small random files of the characters that matter,
 * so both the fast line parser and the general one are held to the same answer.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rewriteCsv } from '../../etl/csv-lines.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs('etl-csv-lines-');

/** Physical line ends: LF, CR LF, or a lone CR. Returns [line start offsets, ...]. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') starts.push(i + 1);
    else if (text[i] === '\r' && text[i + 1] !== '\n') starts.push(i + 1);
  }
  return starts;
}

type Read = { records: string[]; broken: number[] };

/** The reference: records as `<line>|<record>`, broken lines by number (header excluded). */
function reference(text: string, delim: string): Read {
  const starts = lineStarts(text);
  const lineAt = (offset: number) => {
    let n = 0;
    while (n + 1 < starts.length && starts[n + 1] <= offset) n++;
    return n + 1;
  };
  const out: Read = { records: [], broken: [] };
  let pos = 0;
  let width = 0;
  const isEnd = (i: number) => i >= text.length || text[i] === '\n' || text[i] === '\r';
  while (pos < text.length) {
    const line = lineAt(pos);
    // One record from pos: its end offset and field count, or null when broken.
    let i = pos;
    let fields = 1;
    let ok = true;
    for (;;) {
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) {
            ok = false;
            break;
          }
          if (text[i] === '"') {
            if (text[i + 1] === '"') i += 2;
            else break;
          } else i++;
        }
        if (!ok) break;
        i++;
        if (text[i] === delim) {
          fields++;
          i++;
          continue;
        }
        if (!isEnd(i)) ok = false;
        break;
      }
      while (!isEnd(i) && text[i] !== delim && text[i] !== '"') i++;
      if (text[i] === '"') {
        ok = false;
        break;
      }
      if (text[i] === delim) {
        fields++;
        i++;
        continue;
      }
      break;
    }
    const next = (end: number) =>
      end >= text.length
        ? text.length
        : text[end] === '\r' && text[end + 1] === '\n'
          ? end + 2
          : end + 1;
    const lineEnd = (from: number) => {
      let e = from;
      while (!isEnd(e)) e++;
      return e;
    };
    const record = text.slice(pos, i);
    const single = !/[\r\n]/.test(record);
    if (ok && width === 0) {
      width = fields;
      pos = next(i);
      continue;
    }
    if (width === 0) return { records: [], broken: [] }; // header broken: nothing is read
    if (
      ok &&
      fields !== width &&
      single &&
      [...record].every((c) => c === ' ' || c === '\t' || c === delim)
    ) {
      pos = next(i); // blank
      continue;
    }
    if (!ok || fields !== width) {
      out.broken.push(line);
      pos = next(lineEnd(pos));
      continue;
    }
    out.records.push(`${line}|${record}`);
    pos = next(i);
  }
  return out;
}

/** A small random CSV of the characters that matter; seeded, so a failure can be replayed. */
function randomCsv(seed: number, delim: string): string {
  let s = seed;
  const rand = (n: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return (s >>> 12) % n;
  };
  const pieces = ['a', 'b', ' ', delim, delim, '"', '"', '""', '\n', '\n', '\r\n', '\r', 'xy'];
  const field = () => {
    // Mostly quoted as exports quote (letters, delimiters, `""`), sometimes anything at all.
    const inside = rand(4) === 0 ? pieces : ['a', ' ', delim, '""', 'xy'];
    if (rand(2) === 0)
      return `"${Array.from({ length: rand(4) }, () => inside[rand(inside.length)]).join('')}"`;
    return ['a', 'bb', '', ' c '][rand(4)];
  };
  const lines = ['h1', 'h2', 'h3'].join(delim);
  const body = Array.from({ length: 1 + rand(8) }, () =>
    rand(4) === 0
      ? Array.from({ length: 1 + rand(6) }, () => pieces[rand(pieces.length)]).join('')
      : Array.from({ length: rand(5) === 0 ? 2 + rand(3) : 3 }, field).join(delim),
  );
  return [lines, ...body].join(rand(2) ? '\n' : '\r\n') + (rand(2) ? '\n' : '');
}

async function rewritten(file: string, delim: string): Promise<Read> {
  const out = `${file}.out`;
  const broken: number[] = [];
  await rewriteCsv(file, out, delim, 3, true, (line) => broken.push(line));
  const text = await readFile(out, 'latin1');
  // Each written record is `<line><delim><record>\n`; records may hold line breaks, so they are
  // told apart by the line numbers the reference expects (checked in order below).
  return { records: text === '' ? [] : [text], broken };
}

describe('the CSV rewrite against a reference reading', () => {
  it('agrees on every record and every broken line of 3,000 random files', async () => {
    const dir = await tempDir();
    let quotedLines = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const delim = seed % 2 ? ',' : '|';
      const text = randomCsv(seed, delim);
      const file = path.join(dir, `f${seed}.csv`);
      await writeFile(file, text, 'latin1');
      const expected = reference(text, delim);
      const got = await rewritten(file, delim);
      expect(got.broken, `seed ${seed}: ${JSON.stringify(text)}`).toEqual(expected.broken);
      const written = expected.records
        .map((r) => {
          const bar = r.indexOf('|');
          return `${r.slice(0, bar)}${delim}${r.slice(bar + 1)}\n`;
        })
        .join('');
      expect(got.records.join(''), `seed ${seed}: ${JSON.stringify(text)}`).toBe(written);
      quotedLines += expected.records.filter((r) => r.includes('"') && !/[\r\n]/.test(r)).length;
    }
    // The fast parser of quoted lines had work to do.
    expect(quotedLines).toBeGreaterThan(1000);
  });
});

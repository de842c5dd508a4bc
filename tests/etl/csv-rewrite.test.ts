/**
 * The unnumbered rewrite of a CSV (etl/csv-lines.ts, read by etl/readers.ts): the records that
 * split, copied as they are, and a row's line known from the lines left out before it. Random
 * files of the shapes real exports break in — a quote left open at the line's end, a nickname in
 * quotes after a closing quote, a field too many or too few, empty lines, lines of delimiters or
 * spaces, spaces around quotes, records over two lines, `""` inside a value, lone CRs — read by
 * `readFeedFile` must give, row for row, the values and line numbers of the numbered rewrite
 * (each record written with its line, held to a reference reading in csv-lines.test.ts), and the
 * same broken lines.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { lineOfRowSql, readFeedFile, type ReadResult } from '../../etl/readers.js';
import { rewriteCsv } from '../../etl/csv-lines.js';
import type { FeedSpec } from '../../etl/feeds.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs('etl-csv-rewrite-');

const SPEC = {
  name: 'dtks',
  feed: 'dtks',
  columns: ['h1', 'h2', 'h3'].map((name) => ({ name, kind: 'text', required: false })),
  key: null,
  partition: { by: 'none' },
} as unknown as FeedSpec;

/** A seeded random file: mostly good rows (all quoted or none), a few broken or odd lines. */
function randomFile(seed: number, delim: string): string {
  let s = seed;
  const rand = (n: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return (s >>> 12) % n;
  };
  const words = ['a', 'bb', 'c d', 'é', ''];
  const good = () => {
    const values = [0, 1, 2].map(() => words[rand(words.length)]);
    return rand(2) ? values.map((v) => `"${v}"`).join(delim) : values.join(delim);
  };
  const odd = [
    () => good().replace(/"$/, ''), // a quote left open at the line's end
    () => `"a" JR"${delim}"b"${delim}"c"`, // text after a closing quote
    () => `${good()}${delim}"x"`, // a field too many
    () => `"a"${delim}"b"`, // a field too few
    () => '', // empty
    () => delim, // delimiters only, too few: blank
    () => delim.repeat(2), // delimiters only, the header's width: a row of empty values
    () => '   ', // spaces only: blank
    () => `"a" ${delim}b${delim}c`, // a space after a closing quote
    () => `a${delim} "b"${delim}c`, // a space before an opening quote
    () => `"a "${delim}" b"${delim}c`, // spaces inside quotes (a good row)
    () => `"say ""hi"""${delim}b${delim}c`, // "" inside a value
    () => `"two\nlines"${delim}b${delim}c`, // a record over two lines
    () => `a${delim}b\rc${delim}d`, // a lone CR
    () => `a"b${delim}c${delim}d`, // a quote inside an unquoted value
  ];
  const lines = ['h1', 'h2', 'h3'].join(delim);
  const body = Array.from({ length: 5 + rand(40) }, () =>
    rand(6) === 0 ? odd[rand(rand(3) === 0 ? odd.length : 10)]() : good(),
  );
  return [lines, ...body].join(rand(3) ? '\n' : '\r\n') + (rand(4) ? '\n' : '');
}

const COLUMNS = "{'c_line': 'INTEGER', 'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR'}";

/** Rows as `<line>: <values>`, in file order. */
async function rowsOf(conn: DuckDBConnection, sql: string): Promise<string[]> {
  return (await conn.runAndReadAll(sql))
    .getRowObjectsJS()
    .map((r) => `${r.line}: ${JSON.stringify([r.h1, r.h2, r.h3])}`);
}

/** The numbered rewrite, read as readers.ts reads it: rows and broken lines. */
async function numbered(conn: DuckDBConnection, file: string, delim: string) {
  const out = `${file}.numbered`;
  const broken: string[] = [];
  await rewriteCsv(file, out, delim, 3, true, (line, text) => broken.push(`${line}: ${text}`));
  const rows = await rowsOf(
    conn,
    `SELECT c_line AS line, c0 AS h1, c1 AS h2, c2 AS h3 FROM read_csv('${out}', delim='${delim}',
      quote='"', escape='"', auto_detect=false, header=false, columns=${COLUMNS},
      null_padding=false, strict_mode=true, parallel=false)`,
  );
  return { rows, broken };
}

async function readRows(conn: DuckDBConnection, read: ReadResult) {
  if (!read.ok) throw new Error(read.message);
  const rows = await rowsOf(
    conn,
    `SELECT coalesce(_line, ${lineOfRowSql(read.skips)}) AS line, h1, h2, h3 FROM t ORDER BY rowid`,
  );
  const broken = read.broken
    ? (await conn.runAndReadAll(`SELECT line, value FROM t_broken ORDER BY line`))
        .getRowObjectsJS()
        .map((r) => `${r.line}: ${r.value}`)
    : [];
  await conn.run('DROP TABLE IF EXISTS t_broken');
  return { rows, broken };
}

describe('the unnumbered rewrite of a CSV with broken lines', () => {
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

  it('gives the numbered rewrite’s rows, line numbers and rejects for 600 random files', async () => {
    const dir = await tempDir();
    const ways = { direct: 0, rewrite: 0, numbered: 0, leftOut: 0 };
    for (let seed = 1; seed <= 600; seed++) {
      const delim = seed % 2 ? ',' : '|';
      const text = randomFile(seed, delim);
      const file = path.join(dir, `f${seed}.csv`);
      await writeFile(file, text);
      const read = await readFeedFile(conn, SPEC, file, 't', { scratchDir: dir });
      if (!read.ok) throw new Error(`seed ${seed}: ${read.message}`);
      ways[read.csvRead ?? 'direct']++;
      ways.leftOut += read.skips?.length ?? 0;
      const label = `seed ${seed} (${read.csvRead}): ${JSON.stringify(text)}`;
      expect(await readRows(conn, read), label).toEqual(await numbered(conn, file, delim));
    }
    // Both ways had files to read, and lines were left out of many.
    expect(ways.rewrite).toBeGreaterThan(300);
    expect(ways.direct).toBeGreaterThan(20);
    expect(ways.leftOut).toBeGreaterThan(500);
  });

  it('numbers each record when too many lines are left out', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'blanks.csv');
    // 10,001 blank lines (more than an unnumbered rewrite keeps), a broken line, two records.
    await writeFile(file, `h1,h2,h3\n"a",b,c\n${'\n'.repeat(10_001)}x,y\n"d",e,f\n`);
    const read = await readFeedFile(conn, SPEC, file, 't', { scratchDir: dir });
    expect(read).toMatchObject({ ok: true, csvRead: 'numbered', rows: 2, broken: 1 });
    const got = await readRows(conn, read);
    expect(got).toEqual(await numbered(conn, file, ','));
    expect(got.rows.map((r) => r.split(':')[0])).toEqual(['2', '10005']);
    expect(got.broken[0]).toMatch(/^10004: /);
  });
});

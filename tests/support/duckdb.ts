/** Small helpers for tests that read real DuckDB files. */
import { DuckDBInstance } from '@duckdb/node-api';

type Row = Record<string, unknown>;

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** Runs one query on a database file (read-only) and returns plain rows. */
export async function query(file: string, sql: string): Promise<Row[]> {
  const db = await DuckDBInstance.create(
    file,
    file === ':memory:' ? {} : { access_mode: 'READ_ONLY' },
  );
  const conn = await db.connect();
  try {
    const rows = (await conn.runAndReadAll(sql)).getRowObjectsJS();
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

/**
 * Every value of every table (or of one relation) as text, for privacy scans: a raw NIK or name
 * must not appear anywhere in it.
 */
export async function allText(file: string, relation?: string): Promise<string> {
  const db = await DuckDBInstance.create(
    file,
    file === ':memory:' ? {} : { access_mode: 'READ_ONLY' },
  );
  const conn = await db.connect();
  try {
    const relations = relation
      ? [relation]
      : (
          await conn.runAndReadAll(
            `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`,
          )
        )
          .getRowObjectsJS()
          .map((r) => `"${String(r.table_name)}"`);
    const parts: string[] = [];
    for (const rel of relations) {
      const rows = (await conn.runAndReadAll(`SELECT * FROM ${rel}`)).getRowsJS();
      for (const row of rows) parts.push(row.map((v) => String(plain(v))).join('|'));
    }
    return parts.join('\n');
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

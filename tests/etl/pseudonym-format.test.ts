/**
 * The lake keeps every NIK / no_kk as its pseudonym's 128 bits, a UUID value (etl/validate.ts,
 * etl_pseudo). A lake written before held the same pseudonyms as 32-hex text: it must give the
 * same warehouse, and a file merged (`gabung/`) into one of its slices must write the stored rows
 * it keeps as UUID values, matched by key to the new rows.
 */
import { createHmac } from 'node:crypto';
import { cp, mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEtl } from '../../etl/run.js';
import { buildWarehouse } from '../../warehouse/build.js';
import { lakeFeeds, type LakeFeed } from '../../warehouse/lake.js';
import { query } from '../support/duckdb.js';
import { copySamples, SAMPLE_RUN, TEST_KEY } from '../support/sample-data.js';
import { tempDirs } from '../support/temp.js';

const tempDir = tempDirs('etl-pseudonym-format-');

const hmacHex = (value: string) =>
  createHmac('sha256', Buffer.from(TEST_KEY, 'hex')).update(value).digest('hex').slice(0, 32);

const pseudonymColumns = (feed: LakeFeed) =>
  Object.entries(lakeFeeds[feed])
    .filter(([, type]) => type === 'UUID')
    .map(([column]) => column);

async function parquetFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.parquet'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** The DuckDB type of each pseudonym column of a lake file. */
async function pseudonymTypes(file: string, feed: LakeFeed): Promise<string[]> {
  const rows = await query(
    ':memory:',
    `DESCRIBE SELECT * FROM read_parquet('${file}', hive_partitioning = false)`,
  );
  return pseudonymColumns(feed).map((c) =>
    String(rows.find((r) => r.column_name === c)?.column_type ?? 'missing'),
  );
}

/** Rewrites every pseudonym column of a lake as 32-hex text, as lakes were written before. */
async function asTextLake(lakeDir: string): Promise<number> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  let rewritten = 0;
  try {
    for (const feed of Object.keys(lakeFeeds) as LakeFeed[]) {
      const columns = pseudonymColumns(feed);
      const dir = path.join(lakeDir, feed);
      if (columns.length === 0) continue;
      for (const file of await parquetFiles(dir).catch(() => [])) {
        const replace = columns
          .map((c) => `replace(CAST(${c} AS VARCHAR), '-', '') AS ${c}`)
          .join(', ');
        await conn.run(`COPY (SELECT * REPLACE (${replace}) FROM read_parquet('${file}', hive_partitioning = false))
          TO '${file}.text' (FORMAT parquet)`);
        await rename(`${file}.text`, file);
        rewritten++;
      }
    }
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  return rewritten;
}

const tables = ['indicator_values', 'daftar_aksi', 'data_quality', 'budget_gap_by_desil'];

async function warehouseRows(file: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of tables)
    out[table] = await query(file, `SELECT * EXCLUDE (built_at) FROM ${table} ORDER BY ALL`).catch(
      () => query(file, `SELECT * FROM ${table} ORDER BY ALL`),
    );
  return out;
}

describe('pseudonyms stored as UUID values', () => {
  let root: string;
  let dataDir: string;

  beforeAll(async () => {
    root = await tempDir();
    dataDir = path.join(root, 'data');
    const inboxDir = path.join(root, 'inbox');
    await copySamples(inboxDir);
    const summary = await runEtl({ ...SAMPLE_RUN, inboxDir, dataDir, settleSeconds: 0 });
    expect(summary.error ?? null).toBeNull();
  });

  it('every NIK / no_kk column of the lake is a UUID value: the HMAC of the number; every column has its type', async () => {
    let checked = 0;
    for (const feed of Object.keys(lakeFeeds) as LakeFeed[]) {
      if (pseudonymColumns(feed).length === 0) continue;
      for (const file of await parquetFiles(path.join(dataDir, 'lake', feed)).catch(() => [])) {
        expect(await pseudonymTypes(file, feed)).toEqual(pseudonymColumns(feed).map(() => 'UUID'));
        // Every other column has its documented type too: enum values, checked as ENUMs, are
        // written as text.
        const described = await query(
          ':memory:',
          `DESCRIBE SELECT * FROM read_parquet('${file}', hive_partitioning = false)`,
        );
        const types = Object.fromEntries(
          described.map((r) => [
            r.column_name,
            String(r.column_type).replace('TIMESTAMP WITH TIME ZONE', 'TIMESTAMPTZ'),
          ]),
        );
        for (const [column, type] of Object.entries(lakeFeeds[feed]))
          expect(`${feed}.${column} ${String(types[column])}`).toBe(`${feed}.${column} ${type}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
    // A member of the sample BPJS list (jkn_2024-06.txt) by the pseudonym computed here.
    const glob = path.join(dataDir, 'lake', 'bpjs_kesehatan', '**', '*.parquet');
    const rows = await query(
      ':memory:',
      `SELECT segmen FROM read_parquet('${glob}', hive_partitioning = false) WHERE nik = '${hmacHex('6203011203850001')}'::UUID`,
    );
    expect(rows).toEqual([{ segmen: 'PBI_APBN' }]);
  });

  it('a lake holding pseudonyms as 32-hex text builds the same warehouse', async () => {
    const textLake = path.join(root, 'text-lake');
    await cp(path.join(dataDir, 'lake'), textLake, { recursive: true });
    expect(await asTextLake(textLake)).toBeGreaterThanOrEqual(6);
    const [file] = await parquetFiles(path.join(textLake, 'dtks'));
    expect(await pseudonymTypes(file!, 'dtks')).toEqual(['VARCHAR', 'VARCHAR']);

    const options = { asOf: SAMPLE_RUN.asOf, regionCode: SAMPLE_RUN.regionCode, runId: 'r' };
    await buildWarehouse({
      ...options,
      lakeDir: path.join(dataDir, 'lake'),
      outFile: path.join(root, 'uuid.duckdb'),
    });
    await buildWarehouse({
      ...options,
      lakeDir: textLake,
      outFile: path.join(root, 'text.duckdb'),
    });
    const fromUuid = await warehouseRows(path.join(root, 'uuid.duckdb'));
    const fromText = await warehouseRows(path.join(root, 'text.duckdb'));
    expect(fromUuid.indicator_values!.length).toBeGreaterThan(50);
    expect(fromUuid.daftar_aksi!.length).toBeGreaterThan(0);
    expect(fromText).toEqual(fromUuid);
    // The action list's pseudonyms leave as 32 lower-case hex characters.
    for (const row of fromUuid.daftar_aksi as { pseudonym: string }[])
      expect(row.pseudonym).toMatch(/^[0-9a-f]{32}$/);
  });

  it('a file merged into a slice stored as text keeps the stored rows, as UUID values', async () => {
    const merged = path.join(root, 'merged');
    await cp(dataDir, path.join(merged, 'data'), { recursive: true });
    await asTextLake(path.join(merged, 'data', 'lake'));
    const inboxDir = path.join(merged, 'inbox');
    await mkdir(path.join(inboxDir, 'bpjs_kesehatan', 'gabung'), { recursive: true });
    // One person of the stored list moves to PBPU; one new person.
    await writeFile(
      path.join(inboxDir, 'bpjs_kesehatan', 'gabung', 'tambahan_2024-06.csv'),
      'periode,nik,kode_desa,segmen,status\n' +
        '2024-06,6203011203850001,62.03.01.1010,PBPU,AKTIF\n' +
        '2024-06,6203011203850777,62.03.01.1010,PBPU,AKTIF\n',
    );
    const summary = await runEtl({
      ...SAMPLE_RUN,
      inboxDir,
      dataDir: path.join(merged, 'data'),
      settleSeconds: 0,
    });
    expect(summary.error ?? null).toBeNull();
    const slice = path.join(
      merged,
      'data',
      'lake',
      'bpjs_kesehatan',
      'periode=2024-06',
      'kab=62.03',
    );
    const files = await parquetFiles(slice);
    expect(files).toHaveLength(1);
    expect(await pseudonymTypes(files[0]!, 'bpjs_kesehatan')).toEqual(['UUID']);
    const before = await query(
      ':memory:',
      `SELECT count(*)::INTEGER AS n FROM read_parquet('${path.join(dataDir, 'lake', 'bpjs_kesehatan', 'periode=2024-06', 'kab=62.03', '**', '*.parquet')}')`,
    );
    const stored = Number(before[0]!.n);
    expect(summary.feeds.bpjs_kesehatan).toMatchObject({ rows_loaded: 2, rows_kept: stored - 1 });
    const rows = await query(
      ':memory:',
      `SELECT replace(CAST(nik AS VARCHAR), '-', '') AS nik, segmen FROM read_parquet('${files[0]}', hive_partitioning = false)`,
    );
    expect(rows).toHaveLength(stored + 1);
    expect(rows.filter((r) => r.nik === hmacHex('6203011203850001'))).toEqual([
      { nik: hmacHex('6203011203850001'), segmen: 'PBPU' },
    ]);
    expect(rows.filter((r) => r.nik === hmacHex('6203015507880002'))).toEqual([
      { nik: hmacHex('6203015507880002'), segmen: 'PBI_APBN' },
    ]);
  });
});

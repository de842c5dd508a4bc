/**
 * Action lists (mart daftar_aksi): on the sample data run through the real ETL, the rows of each
 * list per desa are exactly the desa figure of the indicator whose catalogue `action_list` names
 * it, and they hold pseudonyms, never a 16-digit NIK.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSampleData } from '../tests/support/sample-data.js';
import { catalogue } from './catalogue.js';
import { dataFolder } from './data-folder.js';

let dir: string;
let rows: (sql: string) => Promise<Record<string, unknown>[]>;
let close: () => void;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'daftar-'));
  const { dataDir } = await buildSampleData(dir);
  const instance = await DuckDBInstance.create(dataFolder(dataDir).warehouse, {
    access_mode: 'READ_ONLY',
  });
  const conn = await instance.connect();
  rows = async (sql) =>
    (await conn.runAndReadAll(sql))
      .getRowObjectsJS()
      .map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]),
        ),
      );
  close = () => {
    conn.closeSync();
    instance.closeSync();
  };
}, 120_000);

afterAll(() => {
  close?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('daftar_aksi on the sample data', () => {
  const withList = catalogue.filter((e) => e.action_list !== null);

  it('five gap indicators name a list, each list once', () => {
    expect(withList.length).toBe(5);
    expect(new Set(withList.map((e) => e.action_list)).size).toBe(5);
  });

  it('count(list rows) per desa = the indicator value per desa, in the latest period', async () => {
    const [{ value: period }] = await rows(
      `SELECT value FROM warehouse_meta WHERE key = 'latest_period'`,
    );
    let nonEmpty = 0;
    for (const e of withList) {
      const figures = await rows(
        `SELECT area_code AS desa, value FROM indicator_values
         WHERE indicator_id = '${e.id}' AND period = '${String(period)}' AND level = 'desa'
           AND value > 0 ORDER BY desa`,
      );
      const listed = await rows(
        `SELECT kode_desa AS desa, count(*)::DOUBLE AS value FROM daftar_aksi
         WHERE list_id = '${e.action_list}' AND period = '${String(period)}'
         GROUP BY ALL ORDER BY desa`,
      );
      expect(listed, e.id).toEqual(figures);
      if (listed.length > 0) nonEmpty += 1;
    }
    // the sample data has people in at least some of the gaps: the comparison is not of empties
    expect(nonEmpty).toBeGreaterThan(0);
  });

  it('holds 32-hex pseudonyms, never a 16-digit number', async () => {
    const all = await rows(`SELECT * FROM daftar_aksi`);
    expect(all.length).toBeGreaterThan(0);
    for (const r of all) {
      expect(String(r.pseudonym)).toMatch(/^[0-9a-f]{32}$/);
      expect(JSON.stringify(r)).not.toMatch(/\d{16}/);
    }
  });
});

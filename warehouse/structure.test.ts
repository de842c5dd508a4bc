/**
 * Whole-table properties of the warehouse: rollup consistency at every level, medians from raw
 * records, region completeness, missing feeds, the runner's contract.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWarehouse, loadModels } from './build.js';
import { lakeFeeds } from './lake.js';
import { buildFixture, type BuiltWarehouse } from '../tests/fixtures/warehouse/buildFixture.js';
import { registryLake, writeRuns } from '../tests/fixtures/warehouse/registryLake.js';
import { rujukanRows } from '../tests/fixtures/warehouse/rujukanLake.js';

let wh: BuiltWarehouse;
beforeAll(async () => {
  wh = await buildFixture(
    { ...registryLake, rujukan: rujukanRows },
    { asOf: '2024-03-20', prepareLake: writeRuns },
  );
});
afterAll(() => wh?.close());

describe('rollup', () => {
  it('every kecamatan, kabupaten and provinsi row equals the recomputation from its children', async () => {
    // children one level down, summed; values recomputed from the sums by unit. Medians excluded.
    const mismatches = await wh.query(`
      WITH v AS (
        SELECT v.*, c.unit FROM indicator_values v JOIN indicator_catalogue c ON c.id = v.indicator_id
        WHERE c.unit <> 'days'
      ),
      parents AS (SELECT * FROM (VALUES ('kecamatan', 'desa', 8), ('kabupaten', 'kecamatan', 5),
        ('provinsi', 'kabupaten', 2)) t(level, child_level, len)),
      recomputed AS (
        SELECT v.indicator_id, v.period, p.level, left(v.area_code, p.len) AS area_code, v.unit,
          sum(v.numerator) AS num, sum(v.denominator) AS den, sum(v.value) AS value_sum
        FROM v JOIN parents p ON p.child_level = v.level
        GROUP BY ALL
      )
      SELECT r.*, v.numerator, v.denominator, v.value
      FROM recomputed r
      FULL JOIN v USING (indicator_id, period, level, area_code)
      WHERE v.level <> 'desa' AND (
        r.indicator_id IS NULL OR v.indicator_id IS NULL
        OR r.num IS DISTINCT FROM v.numerator
        OR r.den IS DISTINCT FROM v.denominator
        OR CASE r.unit
          WHEN 'percent' THEN (CASE WHEN r.den > 0 THEN 100 * r.num / r.den END) IS DISTINCT FROM v.value
          WHEN 'count' THEN r.num IS DISTINCT FROM v.value
          WHEN 'rupiah' THEN abs(r.value_sum - v.value) > 1e-6
        END)
      LIMIT 5`);
    expect(mismatches).toEqual([]);
    // the check is not vacuous: it compared thousands of rows, several of them outside the region
    const [{ n }] = await wh.query<{ n: number }>(
      `SELECT count(*) AS n FROM indicator_values WHERE level <> 'desa' AND numerator > 0`,
    );
    expect(n).toBeGreaterThan(100);
  });

  it('kecamatan medians equal the median of the raw records, computed here from the fixture rows', async () => {
    // final version per complaint: latest (diperbarui_pada, _run_id, _file_seq, _line)
    const key = (r: (typeof rujukanRows)[number]) =>
      [
        r.diperbarui_pada,
        r._run_id ?? 'run-1',
        String(r._file_seq ?? 0).padStart(4, '0'),
        String(r._line ?? 0).padStart(6, '0'),
      ].join('|');
    const latest = new Map<string, (typeof rujukanRows)[number]>();
    for (const r of rujukanRows) {
      const prev = latest.get(String(r.id_rujukan));
      if (!prev || key(r) > key(prev)) latest.set(String(r.id_rujukan), r);
    }
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    const groups = new Map<string, number[]>();
    for (const r of latest.values()) {
      if (r.status !== 'SELESAI') continue;
      const k = `${String(r.tanggal_selesai).slice(0, 7)}|${String(r.kode_desa).slice(0, 8)}`;
      groups.set(k, [
        ...(groups.get(k) ?? []),
        days(String(r.tanggal_keluhan), String(r.tanggal_selesai)),
      ]);
    }
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      const m = Math.floor(s.length / 2);
      return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
    };
    expect(groups.size).toBeGreaterThan(2);
    for (const [k, xs] of groups) {
      const [period, kecamatan] = k.split('|') as [string, string];
      expect(await wh.value('rujukan_median_hari', period, kecamatan), k).toEqual({
        numerator: null,
        denominator: xs.length,
        value: median(xs),
      });
    }
  });
});

describe('completeness', () => {
  it('every (indicator, period) has all 250 areas of Kapuas; ratios with denominator 0 are null', async () => {
    const incomplete = await wh.query(`
      SELECT indicator_id, period, count(*) FILTER (WHERE area_code = '62.03' OR area_code LIKE '62.03.%' OR area_code = '62') AS n
      FROM indicator_values GROUP BY ALL HAVING n <> 250`);
    expect(incomplete).toEqual([]);
    const ids = await wh.query<{ indicator_id: string }>(
      `SELECT DISTINCT indicator_id FROM indicator_values ORDER BY 1`,
    );
    // all 21 indicators of indicators.md are present in this lake
    expect(ids.map((r) => r.indicator_id)).toEqual([
      'anggaran_bpu',
      'anggaran_pbi_apbd',
      'bpu_rentan_pct',
      'gap_bpu',
      'gap_jkn_sasaran',
      'gap_pkh',
      'jkn_aktif_pct',
      'keluar_sasaran_pbi',
      'pbi_luar_sasaran',
      'pbi_sasaran_pct',
      'pkh_pct',
      'puskesos_desa_pct',
      'registri_individu',
      'registri_penduduk_pct',
      'registri_verifikasi_pct',
      'rujukan_masuk',
      'rujukan_median_hari',
      'rujukan_selesai_pct',
      'rujukan_sla_pct',
      'rujukan_tunggakan',
      'uhc_pct',
    ]);
  });

  it('catalogue and dim_wilayah are complete', async () => {
    const catalogue = await wh.query<{ id: string; unit: string; default_target: number | null }>(
      `SELECT id, unit, default_target FROM indicator_catalogue ORDER BY sort_order`,
    );
    expect(catalogue).toHaveLength(21);
    expect(catalogue.find((c) => c.id === 'uhc_pct')).toEqual({
      id: 'uhc_pct',
      unit: 'percent',
      default_target: 98,
    });
    expect(catalogue.find((c) => c.id === 'jkn_aktif_pct')?.default_target).toBe(80);
    // idn-area-data: 38 provinsi + 514 kabupaten/kota + 7 285 kecamatan + 83 762 desa
    expect(
      await wh.query(`SELECT level, count(*) AS n FROM dim_wilayah GROUP BY level ORDER BY level`),
    ).toEqual([
      { level: 'desa', n: 83762 },
      { level: 'kabupaten', n: 514 },
      { level: 'kecamatan', n: 7285 },
      { level: 'provinsi', n: 38 },
    ]);
    expect(
      await wh.query(`SELECT * FROM dim_wilayah WHERE code IN ('62', '62.03') ORDER BY code`),
    ).toEqual([
      { code: '62', name: 'Kalimantan Tengah', level: 'provinsi', parent_code: null },
      { code: '62.03', name: 'Kabupaten Kapuas', level: 'kabupaten', parent_code: '62' },
    ]);
  });

  it('reports a row count per mart table', () => {
    expect(wh.result.marts.indicator_catalogue).toBe(21);
    expect(wh.result.marts.dim_wilayah).toBe(91599);
    // as_of, region_code, built_at, run_id, model_version, latest_period, in_progress_period
    expect(wh.result.marts.warehouse_meta).toBe(7);
    expect(wh.result.marts.programme_rules).toBe(4);
  });
});

describe('determinism', () => {
  it('the same lake and as-of date build the same tables (only built_at and run_id differ)', async () => {
    const again = path.join(wh.dir, 'again.duckdb');
    await buildWarehouse({
      lakeDir: wh.lakeDir,
      outFile: again,
      asOf: '2024-03-20',
      regionCode: '62.03',
      runId: 'run-again',
    });
    await wh.conn.run(`ATTACH '${again}' AS again (READ_ONLY)`);
    try {
      for (const table of [
        'indicator_values',
        'indicator_breakdowns',
        'rujukan_aging',
        'budget_gap_by_desil',
        'data_quality',
        'feed_freshness',
      ]) {
        const diff = await wh.query(
          `(SELECT * FROM ${table} EXCEPT ALL SELECT * FROM again.${table})
           UNION ALL (SELECT * FROM again.${table} EXCEPT ALL SELECT * FROM ${table})`,
        );
        expect(diff, table).toEqual([]);
      }
    } finally {
      await wh.conn.run('DETACH again');
    }
  });
});

describe('missing feeds', () => {
  it('a lake with only rujukan builds: the other indicators have no rows, freshness says 0', async () => {
    const only = await buildFixture({ rujukan: rujukanRows }, { asOf: '2024-03-20' });
    try {
      const ids = await only.query<{ indicator_id: string }>(
        `SELECT DISTINCT indicator_id FROM indicator_values ORDER BY 1`,
      );
      expect(ids.map((r) => r.indicator_id)).toEqual([
        'rujukan_masuk',
        'rujukan_median_hari',
        'rujukan_selesai_pct',
        'rujukan_sla_pct',
        'rujukan_tunggakan',
      ]);
      expect(await only.query(`SELECT rows FROM feed_freshness WHERE feed = 'dtks'`)).toEqual([
        { rows: 0 },
      ]);
      expect(await only.query(`SELECT * FROM etl_runs`)).toEqual([]);
    } finally {
      only.close();
    }
  });

  it('an empty lake builds an empty warehouse whose default period is the as-of month', async () => {
    const empty = await buildFixture({}, { asOf: '2024-03-20' });
    try {
      expect(await empty.query(`SELECT count(*) AS n FROM indicator_values`)).toEqual([{ n: 0 }]);
      expect(
        await empty.query(`SELECT value FROM warehouse_meta WHERE key = 'latest_period'`),
      ).toEqual([{ value: '2024-03' }]);
    } finally {
      empty.close();
    }
  });
});

describe('runner', () => {
  it('orders models by the models they name, staging first', () => {
    const names = loadModels().map((m) => m.name);
    const at = (n: string) => names.indexOf(n);
    expect(at('stg_dtks__individu')).toBeLessThan(at('int_registri_individu_classified'));
    expect(at('int_registri_keluarga_classified')).toBeLessThan(at('int_cakupan_pkh_summarized'));
    expect(at('budget_simulation')).toBeLessThan(at('indicator_values'));
    expect(at('indicator_catalogue')).toBeLessThan(at('indicator_values'));
  });

  it('refuses an existing output file and bad parameters, with messages that say what to do', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'warehouse-runner-'));
    try {
      const outFile = path.join(dir, 'warehouse.duckdb');
      writeFileSync(outFile, 'old');
      const base = { lakeDir: dir, outFile, asOf: '2024-03-20', regionCode: '62.03', runId: 'r' };
      await expect(buildWarehouse(base)).rejects.toThrow(/already exists/);
      const fresh = path.join(dir, 'new.duckdb');
      await expect(buildWarehouse({ ...base, outFile: fresh, asOf: '20-03-2024' })).rejects.toThrow(
        /YYYY-MM-DD/,
      );
      await expect(
        buildWarehouse({ ...base, outFile: fresh, regionCode: '62.03; DROP' }),
      ).rejects.toThrow(/regionCode/);
      expect(existsSync(fresh)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  async function lakeWithDtksColumns(dir: string, select: string): Promise<string> {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    const part = path.join(dir, 'lake', 'dtks', 'periode=2024-01');
    mkdirSync(part, { recursive: true });
    await conn.run(
      `COPY (SELECT ${select}) TO '${path.join(part, 'data.parquet')}' (FORMAT parquet)`,
    );
    conn.closeSync();
    inst.closeSync();
    return path.join(dir, 'lake');
  }

  it('a lake file without the documented columns fails by feed and column', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'warehouse-runner-'));
    try {
      const lakeDir = await lakeWithDtksColumns(dir, `DATE '2024-01-01' AS periode, 'x' AS nik`);
      const outFile = path.join(dir, 'warehouse.duckdb');
      await expect(
        buildWarehouse({ lakeDir, outFile, asOf: '2024-03-20', regionCode: '62.03', runId: 'r' }),
      ).rejects.toThrow(/dtks lacks id_dtks, no_kk, kode_desa/);
      expect(existsSync(outFile)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a lake NIK that is not a 32-hex pseudonym stops the build instead of silently not matching', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'warehouse-runner-'));
    try {
      const columns = Object.entries(lakeFeeds.dtks)
        .map(([c, type]) =>
          c === 'nik'
            ? `'6203011203850001' AS nik`
            : c === 'periode'
              ? `DATE '2024-01-01' AS periode`
              : `NULL::${type} AS ${c}`,
        )
        .join(', ');
      const lakeDir = await lakeWithDtksColumns(dir, columns);
      const outFile = path.join(dir, 'warehouse.duckdb');
      await expect(
        buildWarehouse({ lakeDir, outFile, asOf: '2024-03-20', regionCode: '62.03', runId: 'r' }),
      ).rejects.toThrow(/must be 32-hex pseudonyms/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a model that fails names itself and leaves no half-built file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'warehouse-runner-'));
    try {
      // every column present, but periode holds text that is no date: the cast fails in a model
      const columns = Object.keys(lakeFeeds.dtks)
        .map((c) => (c === 'periode' ? `'not a date' AS periode` : `NULL AS ${c}`))
        .join(', ');
      const lakeDir = await lakeWithDtksColumns(dir, columns);
      const outFile = path.join(dir, 'warehouse.duckdb');
      const progress: string[] = [];
      await expect(
        buildWarehouse({
          lakeDir,
          outFile,
          asOf: '2024-03-20',
          regionCode: '62.03',
          runId: 'r',
          onProgress: (m) => progress.push(m),
        }),
      ).rejects.toThrow(/warehouse model intermediate\/int_registri_snapshots_listed failed/);
      expect(progress.length).toBeGreaterThan(3);
      expect(existsSync(outFile)).toBe(false);
      // nor the scratch database of its staging and intermediate tables
      expect(existsSync(`${outFile}.tmp`)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

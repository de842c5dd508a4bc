/**
 * The oracle audit: every indicator of docs/indicators.md recomputed naively in TypeScript from
 * the lake (oracle.ts) must equal warehouse.duckdb — on a realistic demo dataset run through the
 * real ETL, on a lake of boundary cases (edgeLake.ts), and on the warehouse's own fixture lakes.
 * The oracle itself is pinned by hand-worked numbers on the boundary lake.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoInbox } from '../../etl/demo/generate.js';
import { runEtl } from '../../etl/run.js';
import { buildFixture, type BuiltWarehouse } from '../fixtures/warehouse/buildFixture.js';
import { registryLake, writeRuns } from '../fixtures/warehouse/registryLake.js';
import { dtsenSampleLake } from '../fixtures/warehouse/dtsenSampleLake.js';
import { desa } from '../fixtures/warehouse/sampleLake.js';
import { saveRulesOverride } from '../../warehouse/programme-rules.js';
import { rujukanRows } from '../fixtures/warehouse/rujukanLake.js';
import type { LakeRows } from '../fixtures/warehouse/writeLake.js';
import {
  compareAging,
  compareBreakdowns,
  compareBudgetGaps,
  compareValues,
  readWarehouse,
} from './compare.js';
import { A, B, C, EDGE_AS_OF, edgeLake } from './edgeLake.js';
import { randomLake } from './randomLake.js';
import {
  computeOracle,
  dataQuality,
  duplicateKeys,
  latestPeriod,
  loadLake,
  loadRegion,
  type Lake,
  type OracleResult,
} from './oracle.js';

const REGION = '62.03';
const region = loadRegion(REGION);
const KEC_SELAT = '62.03.01';
const KEC_PULAU_PETAK = '62.03.06';

/** Fails with the first mismatches, one per line. */
function expectNoMismatch(what: string, mismatches: string[]): void {
  const head = mismatches.slice(0, 25).join('\n');
  const more = mismatches.length > 25 ? `\n… and ${mismatches.length - 25} more` : '';
  expect(mismatches, `${what}: ${mismatches.length} mismatches\n${head}${more}`).toEqual([]);
}

describe('oracle vs warehouse on the demo data (real ETL, as-of inside the last month)', () => {
  const AS_OF = '2026-06-20';
  let dir: string;
  let warehouse: string;
  let oracle: OracleResult;
  let lake: Lake;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'oracle-demo-'));
    const inbox = path.join(dir, 'inbox');
    const data = path.join(dir, 'data');
    // a fixed clock: the generator cuts the last month at "today" when it is the current month
    const now = Date.parse('2026-11-22T00:00:00Z');
    await generateDemoInbox({ out: inbox, seed: 7, scale: 0.05, end: '2026-06', now });
    const summary = await runEtl({
      inboxDir: inbox,
      dataDir: data,
      asOf: AS_OF,
      regionCode: REGION,
      settleSeconds: 0, // the files were written just now, and completely
    });
    expect(summary.status).toBe('SUCCESS');
    warehouse = path.join(data, 'warehouse.duckdb');
    lake = await loadLake(path.join(data, 'lake'));
    oracle = computeOracle(lake, region, AS_OF);
  });
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('covers every desa and kecamatan of Kapuas in the periods that matter', () => {
    expect(region.desa.size).toBe(231);
    expect(region.kecamatan).toHaveLength(17);
    // the demo's registry snapshots are DTKS 2024-07, 2025-01 and DTSEN 2025-07, 2026-01: first
    // month, the month right after a snapshot change, a year change, and the as-of month
    // (end = 06-20) (keluar_sasaran_pbi from the second snapshot: the first has no predecessor)
    for (const period of ['2024-07', '2025-02', '2026-01', '2026-06'])
      for (const id of oracle.firstPeriod.keys())
        expect(oracle.values.has(`${id}|${period}|kabupaten|${REGION}`), `${id} ${period}`).toBe(
          (id !== 'keluar_sasaran_pbi' || period !== '2024-07') &&
            // DTKS verification only in months a DTKS snapshot serves (until 2025-06)
            (id !== 'registri_verifikasi_pct' || period < '2025-07'),
        );
    expect(oracle.firstPeriod.get('keluar_sasaran_pbi')).toBe('2025-01');
    // 19 indicators × 24 months, registri_verifikasi_pct the 12 DTKS months, keluar_sasaran_pbi 18
    expect(oracle.values.size).toBe((19 * 24 + 12 + 18) * (231 + 17 + 1));
  });

  it('indicator_values: numerator, denominator and value of every desa, kecamatan and the kabupaten, every month', async () => {
    expectNoMismatch('indicator_values', await compareValues(warehouse, oracle, region));
  });

  it('indicator_breakdowns: the 5 referral indicators by kategori, kanal, lembaga_tujuan (and status)', async () => {
    expectNoMismatch('indicator_breakdowns', await compareBreakdowns(warehouse, oracle, region));
  });

  it('rujukan_aging buckets of every kecamatan and the kabupaten', async () => {
    const areas = [...region.kecamatan, REGION];
    expectNoMismatch('rujukan_aging', await compareAging(warehouse, oracle, areas));
  });

  it('budget_gap_by_desil: people without JKN / BPJS-TK by their own desil, every area', async () => {
    expectNoMismatch('budget_gap_by_desil', await compareBudgetGaps(warehouse, oracle, region));
  });

  it('warehouse_meta.latest_period is the newest month with data', async () => {
    const rows = await readWarehouse(
      warehouse,
      `SELECT value FROM warehouse_meta WHERE key = 'latest_period'`,
    );
    expect(rows[0]?.value).toBe(latestPeriod(lake, AS_OF));
  });

  it('the warehouse has no indicator rows before an indicator’s first snapshot', async () => {
    const rows = await readWarehouse(
      warehouse,
      `SELECT indicator_id, min(period) AS first FROM indicator_values
        WHERE area_code = '${REGION}' GROUP BY 1`,
    );
    const firsts = Object.fromEntries(rows.map((r) => [String(r.indicator_id), String(r.first)]));
    expect(firsts).toEqual(Object.fromEntries(oracle.firstPeriod));
  });

  // The warehouse relies on this (coverage counts rows, not distinct NIKs): the ETL's DUPLIKAT
  // rule and its lake row-count check keep the keys unique.
  it('the lake holds one row per key of the data contract (ETL)', () => {
    expect(duplicateKeys(lake)).toEqual([]);
  });

  it('data_quality matches the lake, one row per key', async () => {
    const rows = await readWarehouse(
      warehouse,
      'SELECT * FROM data_quality ORDER BY sumber, periode, metric',
    );
    const expected = dataQuality(lake);
    expect(rows.length).toBe(expected.size);
    const mismatches = rows.flatMap((r) => {
      const key = `${String(r.sumber)}|${String(r.periode)}|${String(r.metric)}`;
      const o = expected.get(key);
      const w = { numerator: Number(r.numerator), denominator: Number(r.denominator) };
      return o && o.numerator === w.numerator && o.denominator === w.denominator
        ? []
        : [
            `${key}: oracle ${o?.numerator}/${o?.denominator} | warehouse ${w.numerator}/${w.denominator}`,
          ];
    });
    expectNoMismatch('data_quality', mismatches);
  });
});

/** Builds a fixture lake into a warehouse and runs the oracle on the very same lake. */
async function fixture(rows: LakeRows, asOf: string, prepare?: (lake: string) => Promise<void>) {
  const wh = await buildFixture(rows, { asOf, regionCode: REGION, prepareLake: prepare });
  const oracle = computeOracle(await loadLake(wh.lakeDir), region, asOf);
  return { wh, oracle };
}

describe('oracle vs warehouse on the boundary-case lake', () => {
  let wh: BuiltWarehouse;
  let oracle: OracleResult;
  beforeAll(async () => ({ wh, oracle } = await fixture(edgeLake, EDGE_AS_OF)));
  afterAll(() => wh?.close());
  const o = (id: string, period: string, level: string, area: string) =>
    oracle.values.get(`${id}|${period}|${level}|${area}`);

  it('the oracle itself gives the hand-worked numbers', () => {
    // k1 (A, desil 3, e1 aged 17), k2 (B: head's desa, desil 2 from e5, e3 ≥ 60), k3 (no head,
    // C vs B tie → B, BERAT), k4 (head E19 in A, desil 1, pregnant), k7 (C, February only)
    expect(o('pkh_pct', '2026-02', 'desa', A)).toEqual({ numerator: 1, denominator: 2, value: 50 });
    expect(o('pkh_pct', '2026-02', 'desa', B)).toEqual({ numerator: 1, denominator: 2, value: 50 });
    expect(o('pkh_pct', '2026-02', 'desa', C)).toEqual({
      numerator: 1,
      denominator: 1,
      value: 100,
    });
    // vulnerable: January e1 (17) no, e2 (59) yes, e13 (18 on 01-31) yes, e14 (60) no, e15 (59)
    // yes; covered e13 (BPU) and e2 (JAKON, row in X: coverage follows the NIK)
    expect(o('bpu_rentan_pct', '2026-01', 'desa', A)).toMatchObject({
      numerator: 2,
      denominator: 3,
    });
    // February: e15 turned 60; e1 (born 29 Feb) is 18 on 28 Feb under the warehouse's reading
    // (LEAP_DAY_BIRTHDAY); March keeps February's ages (e2 would be 60 on 03-20)
    expect(o('bpu_rentan_pct', '2026-03', 'desa', A)).toMatchObject({
      numerator: 2,
      denominator: 3,
    });
    expect(o('gap_bpu', '2026-03', 'desa', A)?.value).toBe(1);
    expect(o('anggaran_bpu', '2026-03', 'desa', A)).toEqual({
      numerator: 1,
      denominator: null,
      value: 16_800 * 12,
    });
    // verification: January window [2025-01-31, 2026-01-31] → e13 only of A's 8 people (e1, e2,
    // e10–e15); February window [2025-02-28, 2026-02-28] → e15 only of A's 7 (e12 gone)
    expect(o('registri_verifikasi_pct', '2026-01', 'desa', A)).toMatchObject({
      numerator: 1,
      denominator: 8,
    });
    expect(o('registri_verifikasi_pct', '2026-02', 'desa', A)).toMatchObject({
      numerator: 1,
      denominator: 7,
    });
    // penduduk: 2025-12 B has no tahun ≤ 2025 → null; C uses 2024 (30), from January 2026 35
    expect(o('uhc_pct', '2025-12', 'desa', B)).toEqual({
      numerator: 1,
      denominator: 0,
      value: null,
    });
    // members of any status: 2025-12 C has q1 and e6 (NONAKTIF)
    expect(o('uhc_pct', '2025-12', 'desa', C)).toMatchObject({ numerator: 2, denominator: 30 });
    // February BPJS: C has e1, e5, q1 active and e6 NONAKTIF; A has e2 and q2
    expect(o('uhc_pct', '2026-02', 'desa', C)).toMatchObject({ numerator: 4, denominator: 35 });
    expect(o('jkn_aktif_pct', '2026-02', 'desa', C)).toMatchObject({
      numerator: 3,
      denominator: 4,
    });
    expect(o('uhc_pct', '2026-02', 'desa', A)).toMatchObject({ numerator: 2, denominator: 50 });
    expect(o('pbi_luar_sasaran', '2026-02', 'desa', A)?.value).toBe(1); // q2
    expect(o('pbi_luar_sasaran', '2026-01', 'desa', C)?.value).toBe(1); // q1 via the 2025-12 snapshot
    // before the first registry snapshot every PBI member is outside it: e1 (A), q1 (C)
    expect(o('pbi_luar_sasaran', '2025-12', 'kabupaten', REGION)?.value).toBe(2);
    // PBI of the band's people by NIK: of A's e1 e2 e10 e13 e14 e15 (e11 has no desil), e1 (row
    // in C) and e2 have PBI
    expect(o('pbi_sasaran_pct', '2026-02', 'desa', A)).toMatchObject({
      numerator: 2,
      denominator: 6,
    });
    // desil 1–5 without active JKN in February: e4 (C), e6 (C, NONAKTIF), e7 (B), e10 (A), e13
    // e14 e15 (A), e17 (C); e16 is covered by a row that names desa X
    expect(o('gap_jkn_sasaran', '2026-02', 'kabupaten', REGION)?.value).toBe(8);
    // the same people in January and February: nobody left the band
    expect(o('keluar_sasaran_pbi', '2026-02', 'kabupaten', REGION)?.value).toBe(0);
    expect(o('keluar_sasaran_pbi', '2026-01', 'kabupaten', REGION)).toBeUndefined();
    // puskesos: A from February (SK on 02-28 = end), B from March (SK on the as-of date)
    expect(o('puskesos_desa_pct', '2026-01', 'kecamatan', KEC_SELAT)?.numerator).toBe(0);
    expect(o('puskesos_desa_pct', '2026-02', 'kecamatan', KEC_SELAT)?.numerator).toBe(1);
    expect(o('puskesos_desa_pct', '2026-03', 'kabupaten', REGION)).toEqual({
      numerator: 2,
      denominator: 231,
      value: 200 / 231,
    });
  });

  it('the oracle’s referral numbers are the hand-worked ones', () => {
    // 12-31: R1 age 30 (not overdue), R2 age 31 (overdue)
    expect(o('rujukan_tunggakan', '2025-12', 'desa', A)?.value).toBe(1);
    // 02-28: R3 (B, 38 d), R9 (DITOLAK on 03-10, still open, 44 d), R13 (C, exactly 30 d: no)
    expect(o('rujukan_tunggakan', '2026-02', 'kecamatan', KEC_SELAT)?.value).toBe(2);
    expect(o('rujukan_tunggakan', '2026-02', 'desa', C)?.value).toBe(0);
    // February resolutions: R4 14 d, R5 15 d, R6 41 d, R7 1 d → median 14.5, SLA 2 of 4
    expect(o('rujukan_median_hari', '2026-02', 'kabupaten', REGION)).toEqual({
      numerator: null,
      denominator: 4,
      value: 14.5,
    });
    expect(o('rujukan_median_hari', '2026-02', 'kecamatan', KEC_SELAT)?.value).toBe(21);
    expect(o('rujukan_sla_pct', '2026-02', 'kabupaten', REGION)).toMatchObject({
      numerator: 2,
      denominator: 4,
    });
    // R8's winning version (run-2, line 7) is SELESAI on 03-01 after 2 days
    expect(o('rujukan_median_hari', '2026-03', 'desa', A)?.value).toBe(2);
    // received in February in A: R7, R8, R11, R12; now SELESAI: R7, R8
    expect(o('rujukan_selesai_pct', '2026-02', 'desa', A)).toMatchObject({
      numerator: 2,
      denominator: 4,
    });
    // R3 counts in B under DISDIK (its latest version), never in C
    expect(oracle.breakdowns.get(`rujukan_masuk|2026-01|desa|${B}|lembaga_tujuan|DISDIK`)).toEqual({
      numerator: 1,
      denominator: null,
      value: 1,
    });
    // DITOLAK R9 is still open at 02-28 and 44 days old: overdue for PEMDES in Selat
    expect(
      oracle.breakdowns.get(
        `rujukan_tunggakan|2026-02|kecamatan|${KEC_SELAT}|lembaga_tujuan|PEMDES`,
      )?.value,
    ).toBe(1);
    // the February median of DINKES (R4 14 d, R5 15 d) in Pulau Petak
    expect(
      oracle.breakdowns.get(
        `rujukan_median_hari|2026-02|kecamatan|${KEC_PULAU_PETAK}|lembaga_tujuan|DINKES`,
      ),
    ).toEqual({ numerator: null, denominator: 2, value: 14.5 });
    expect(o('rujukan_masuk', '2026-01', 'desa', C)?.value).toBe(1); // R13 only
    // aging at 02-28 in A: R11 8 d (8-14), R12 7 d and R8 1 d (0-7)
    expect(oracle.aging.get(`2026-02|desa|${A}|*|8-14`)).toBe(1);
    expect(oracle.aging.get(`2026-02|desa|${A}|*|0-7`)).toBe(2);
    expect(oracle.aging.get(`2026-02|kecamatan|${KEC_PULAU_PETAK}|DINKES|15-30`)).toBe(1);
  });

  it('the warehouse agrees with the oracle on every number', async () => {
    expectNoMismatch('indicator_values', await compareValues(wh.file, oracle, region));
    expectNoMismatch('indicator_breakdowns', await compareBreakdowns(wh.file, oracle, region));
    const areas = [...region.desa.keys(), ...region.kecamatan, REGION];
    expectNoMismatch('rujukan_aging', await compareAging(wh.file, oracle, areas));
    expectNoMismatch('budget_gap_by_desil', await compareBudgetGaps(wh.file, oracle, region));
  });

  it('latest_period: February, the latest complete month (March, in progress, has data)', async () => {
    const lake = await loadLake(wh.lakeDir);
    expect(latestPeriod(lake, EDGE_AS_OF)).toBe('2026-02');
    const rows = await wh.query(`SELECT value FROM warehouse_meta WHERE key = 'latest_period'`);
    expect(rows[0]?.value).toBe('2026-02');
  });
});

describe('oracle vs warehouse on the warehouse tests’ own fixture lakes', () => {
  it('registry lake', async () => {
    const { wh, oracle } = await fixture(registryLake, '2024-03-20', writeRuns);
    try {
      expectNoMismatch('indicator_values', await compareValues(wh.file, oracle, region));
    } finally {
      wh.close();
    }
  });

  it('DTSEN sample lake (DTKS 2024-06 → DTSEN 2024-07), with the default and the provincial ranking', async () => {
    const { wh, oracle } = await fixture(dtsenSampleLake, '2024-07-05');
    try {
      expectNoMismatch('indicator_values', await compareValues(wh.file, oracle, region));
      expectNoMismatch('budget_gap_by_desil', await compareBudgetGaps(wh.file, oracle, region));
      expect(oracle.values.get(`keluar_sasaran_pbi|2024-07|desa|${desa.selatDalam}`)?.value).toBe(
        3,
      );
    } finally {
      wh.close();
    }
    const rules = {
      desil_varian: 'provinsi' as const,
      pbi_jk: { desil_maks: 4 },
      pkh: { desil_maks: 5 },
      bpu: { desil_maks: 6 },
    };
    const provinsi = await buildFixture(dtsenSampleLake, {
      asOf: '2024-07-05',
      regionCode: REGION,
      prepareLake: (lakeDir) =>
        saveRulesOverride(lakeDir, {
          rules,
          changed_by: 'uji',
          changed_at: '2024-07-05T00:00:00Z',
          reason: 'uji oracle',
        }).then(() => undefined),
    });
    try {
      const o = computeOracle(await loadLake(provinsi.lakeDir), region, '2024-07-05', {
        desilVarian: 'provinsi',
        pbi: 4,
        pkh: 5,
        bpu: 6,
      });
      expectNoMismatch('indicator_values', await compareValues(provinsi.file, o, region));
    } finally {
      provinsi.close();
    }
  });

  it('rujukan lake', async () => {
    const { wh, oracle } = await fixture({ rujukan: rujukanRows }, '2024-03-20');
    try {
      expectNoMismatch('indicator_values', await compareValues(wh.file, oracle, region));
      expectNoMismatch('indicator_breakdowns', await compareBreakdowns(wh.file, oracle, region));
      const areas = [...region.desa.keys(), ...region.kecamatan, REGION];
      expectNoMismatch('rujukan_aging', await compareAging(wh.file, oracle, areas));
    } finally {
      wh.close();
    }
  });
});

describe('oracle vs warehouse on random boundary-crowded lakes', () => {
  it('agree on every number for 8 seeds', async () => {
    const mismatches: string[] = [];
    for (let seed = 1; seed <= 8; seed++) {
      const { lake, asOf } = randomLake(seed);
      const { wh, oracle } = await fixture(lake, asOf);
      try {
        const areas = [...region.desa.keys(), ...region.kecamatan, REGION];
        const found = [
          ...(await compareValues(wh.file, oracle, region)),
          ...(await compareBreakdowns(wh.file, oracle, region)),
          ...(await compareAging(wh.file, oracle, areas)),
          ...(await compareBudgetGaps(wh.file, oracle, region)),
        ];
        mismatches.push(...found.map((m) => `seed ${seed} (as-of ${asOf}) ${m}`));
      } finally {
        wh.close();
      }
    }
    expectNoMismatch('random lakes', mismatches);
    // eight warehouse builds: on a busy 2-core machine beyond the default 120 s
  }, 300_000);
});

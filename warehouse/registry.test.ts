/**
 * DTKS, coverage, gap and budget indicators on the registry lake (tests/fixtures/warehouse/
 * registryLake.ts, whose header lists every row), as-of 2024-03-20. Every expected number is
 * worked out in the comments; none is copied from the warehouse's output.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type BuiltWarehouse } from '../tests/fixtures/warehouse/buildFixture.js';
import {
  Z,
  A,
  B,
  C,
  KAB,
  KEC_SELAT,
  X,
  Y,
  registryLake,
  writeRuns,
} from '../tests/fixtures/warehouse/registryLake.js';

let wh: BuiltWarehouse;
beforeAll(async () => {
  wh = await buildFixture(registryLake, { asOf: '2024-03-20', prepareLake: writeRuns });
});
afterAll(() => wh?.close());

const v = async (id: string, period: string, area: string) =>
  (await wh.value(id, period, area))?.value;

describe('DTKS', () => {
  it('registri_individu counts people by DTKS desa, carries the snapshot forward, none before it', async () => {
    // January: A p1 p3; B p2 p4 p7 p10; C p5 p6 p8 p9; X p11
    expect(await wh.value('registri_individu', '2024-01', A)).toEqual({
      numerator: 2,
      denominator: null,
      value: 2,
    });
    expect(await v('registri_individu', '2024-01', KEC_SELAT)).toBe(6);
    expect(await v('registri_individu', '2024-01', KAB)).toBe(10);
    expect(await v('registri_individu', '2024-01', '62')).toBe(11);
    // February has no snapshot: January's carries forward
    expect(await v('registri_individu', '2024-02', KAB)).toBe(10);
    expect(await v('registri_individu', '2024-02', X)).toBe(1);
    // March: p11 gone, p12 (A) new
    expect(await v('registri_individu', '2024-03', A)).toBe(3);
    expect(await v('registri_individu', '2024-03', KAB)).toBe(11);
    expect(await wh.value('registri_individu', '2024-03', X)).toBeUndefined();
    // nothing before the first snapshot (PKH 2023 rows do not open 2023 months)
    expect(await wh.value('registri_individu', '2023-12', A)).toBeUndefined();
    expect(await v('registri_individu', '2024-01', '62.03.01.1008')).toBe(0);
  });

  it('registri_verifikasi_pct: verified within [end − 365 days, end] of the snapshot month', async () => {
    // January, window [2023-01-31, 2024-01-31]: p1 (2023-02-01) yes, p2 (2023-01-30) no,
    // p4 (2024-01-31) yes. A 1/2, B 1/4, C 0/4, Kapuas 2/10
    expect(await v('registri_verifikasi_pct', '2024-01', A)).toBe(50);
    expect(await v('registri_verifikasi_pct', '2024-01', B)).toBe(25);
    expect(await v('registri_verifikasi_pct', '2024-01', C)).toBe(0);
    expect(await v('registri_verifikasi_pct', '2024-01', KAB)).toBe(20);
    // March, window [2023-03-21, 2024-03-20]: only p4 → Kapuas 1/11
    expect(await wh.value('registri_verifikasi_pct', '2024-03', KAB)).toMatchObject({
      numerator: 1,
      denominator: 11,
    });
  });

  it('registri_penduduk_pct uses per desa the latest penduduk tahun not after the year', async () => {
    // 2024: A 8 (tahun 2024), B 20 (2023), C 5 (2022). January: A 2/8, B 4/20, C 4/5
    expect(await v('registri_penduduk_pct', '2024-01', A)).toBe(25);
    expect(await v('registri_penduduk_pct', '2024-01', B)).toBe(20);
    expect(await v('registri_penduduk_pct', '2024-01', C)).toBe(80);
    // Selat 6/28; Kapuas 10/33
    expect(await v('registri_penduduk_pct', '2024-01', KEC_SELAT)).toBeCloseTo((100 * 6) / 28, 9);
    expect(await wh.value('registri_penduduk_pct', '2024-01', KAB)).toMatchObject({
      numerator: 10,
      denominator: 33,
    });
    // X has DTKS people but no penduduk: denominator 0 → null
    expect(await wh.value('registri_penduduk_pct', '2024-01', X)).toEqual({
      numerator: 1,
      denominator: 0,
      value: null,
    });
  });
});

describe('coverage', () => {
  it('pbi_sasaran_pct: registry people in the PBI band (desil 1–5) with active PBI, from the first registry snapshot', async () => {
    // January: no BPJS Kesehatan snapshot yet, so nobody is covered (an input that has not
    // started counts as empty). In the band: A p3; B p2 p4 p7; C p5 p6 p9 → Kapuas 0/7
    expect(await wh.value('pbi_sasaran_pct', '2024-01', A)).toEqual({
      numerator: 0,
      denominator: 1,
      value: 0,
    });
    expect(await wh.value('pbi_sasaran_pct', '2024-01', KAB)).toMatchObject({
      numerator: 0,
      denominator: 7,
    });
    // February (DTKS Jan, BPJS Feb): active PBI p1 (A, desil unknown: not in the band), p5 (C, in
    // the band, counted in its DTKS desa although its BPJS row names A), p11 (X, desil 8). p2 is
    // PPU, p4 NONAKTIF. A 0/1, C 1/3, Kapuas 1/7; X has nobody in the band: 0/0
    expect(await wh.value('pbi_sasaran_pct', '2024-02', A)).toEqual({
      numerator: 0,
      denominator: 1,
      value: 0,
    });
    expect(await v('pbi_sasaran_pct', '2024-02', C)).toBeCloseTo(100 / 3, 9);
    expect(await wh.value('pbi_sasaran_pct', '2024-02', KAB)).toMatchObject({
      numerator: 1,
      denominator: 7,
    });
    expect(await wh.value('pbi_sasaran_pct', '2024-02', X)).toEqual({
      numerator: 0,
      denominator: 0,
      value: null,
    });
    // March (DTKS Mar): A p3 p12 in the band, neither with PBI
    expect(await wh.value('pbi_sasaran_pct', '2024-03', A)).toMatchObject({
      numerator: 0,
      denominator: 2,
    });
  });

  it('uhc_pct counts member NIKs of any status by BPJS desa over penduduk, and may exceed 100', async () => {
    // no rows before the first BPJS Kesehatan snapshot
    expect(await wh.value('uhc_pct', '2024-01', A)).toBeUndefined();
    // members by BPJS kode_desa: A p1 p5 → 2/8; B p2 p4 (NONAKTIF counts) → 2/20; C q1 q2 q3 q5 q6
    // q7 q9 → 7/5 = 140 (p5 counts where its BPJS row says, A)
    expect(await v('uhc_pct', '2024-02', A)).toBe(25);
    expect(await v('uhc_pct', '2024-02', B)).toBe(10);
    expect(await wh.value('uhc_pct', '2024-02', C)).toEqual({
      numerator: 7,
      denominator: 5,
      value: 140,
    });
    // Kapuas 11/33; X p11 1/0 → null; provinsi 63: q4 1/0 → null
    expect(await wh.value('uhc_pct', '2024-02', KAB)).toMatchObject({
      numerator: 11,
      denominator: 33,
    });
    expect(await wh.value('uhc_pct', '2024-02', X)).toEqual({
      numerator: 1,
      denominator: 0,
      value: null,
    });
    expect(await v('uhc_pct', '2024-02', '63')).toBeNull();
  });

  it('jkn_aktif_pct: of the members by BPJS desa, those AKTIF', async () => {
    // A p1 p5 both AKTIF; B p2 AKTIF, p4 NONAKTIF; C 6 of 7 (q3 NONAKTIF); Kapuas 9/11
    expect(await wh.value('jkn_aktif_pct', '2024-02', A)).toEqual({
      numerator: 2,
      denominator: 2,
      value: 100,
    });
    expect(await v('jkn_aktif_pct', '2024-02', B)).toBe(50);
    expect(await wh.value('jkn_aktif_pct', '2024-02', KAB)).toMatchObject({
      numerator: 9,
      denominator: 11,
    });
    expect(await v('jkn_aktif_pct', '2024-02', '63')).toBe(100);
    // a region desa without members: 0/0
    expect(await v('jkn_aktif_pct', '2024-02', '62.03.01.1008')).toBeNull();
    expect(await wh.value('jkn_aktif_pct', '2024-01', A)).toBeUndefined();
  });
  it('bpu_rentan_pct: vulnerable workers (bpu band, 18–59, listed jobs), covered by any BPJS-TK kategori', async () => {
    // January (ages on 01-31), workers of the listed jobs aged 18–59: p1 (A, desil unknown), p4
    // (B, 1), p7 (B, 5), p8 (C, unknown), p11 (X, 8). In the bpu band (desil known, ≤ 5): p4 p7.
    // Active BPJS-TK: p4 (BPU); p11 (PU) is outside the band.
    expect(await wh.value('bpu_rentan_pct', '2024-01', A)).toEqual({
      numerator: 0,
      denominator: 0,
      value: null,
    });
    expect(await v('bpu_rentan_pct', '2024-01', B)).toBe(50);
    expect(await wh.value('bpu_rentan_pct', '2024-01', X)).toEqual({
      numerator: 0,
      denominator: 0,
      value: null,
    });
    expect(await v('bpu_rentan_pct', '2024-01', KAB)).toBe(50);
    expect(await v('bpu_rentan_pct', '2024-01', '62')).toBe(50);
    // March (ages on 03-20): p12 (desil 2) is 60, no longer a worker of working age → Kapuas 1/2
    expect(await wh.value('bpu_rentan_pct', '2024-03', KAB)).toMatchObject({
      numerator: 1,
      denominator: 2,
    });
  });

  it('pkh_pct uses household desa/desil rules and SALUR rows of the period year only', async () => {
    // January 2024: eligible k1 (A), k2 (C), k4 (B). SALUR in 2024: k2, k4 (tahap 2); k1 only in
    // 2023. A 0/1, B 1/1, C 1/1, Kapuas 2/3
    expect(await wh.value('pkh_pct', '2024-01', A)).toEqual({
      numerator: 0,
      denominator: 1,
      value: 0,
    });
    expect(await v('pkh_pct', '2024-01', B)).toBe(100);
    expect(await v('pkh_pct', '2024-01', C)).toBe(100);
    expect(await v('pkh_pct', '2024-01', KAB)).toBeCloseTo(200 / 3, 9);
    expect(await wh.value('gap_pkh', '2024-01', A)).toEqual({
      numerator: 1,
      denominator: null,
      value: 1,
    });
    // March: k6 (A, p12 aged 60, desil 2) joins, not paid → A 0/2, gap 2; Kapuas 2/4
    expect(await v('gap_pkh', '2024-03', A)).toBe(2);
    expect(await v('pkh_pct', '2024-03', KAB)).toBe(50);
    // k7, two heads: D13 (Z, desil 2, pregnant) before D14 (Y, desil 9) → counted in Z, unpaid
    expect(await wh.value('pkh_pct', '2024-01', Z)).toEqual({
      numerator: 0,
      denominator: 1,
      value: 0,
    });
    expect(await wh.value('pkh_pct', '2024-01', Y)).toBeUndefined();
    // no pkh_pct in 2023: DTKS starts in 2024
    expect(await wh.value('pkh_pct', '2023-12', A)).toBeUndefined();
  });

  it('puskesos_desa_pct: AKTIF with tanggal_sk not after end(P), over every desa of the reference', async () => {
    // January: A's SK is 2024-02-15 (after 01-31), B TIDAK_AKTIF, C AKTIF → Selat 0/10, Kapuas 1/231
    expect(await wh.value('puskesos_desa_pct', '2024-01', A)).toEqual({
      numerator: 0,
      denominator: 1,
      value: 0,
    });
    expect(await wh.value('puskesos_desa_pct', '2024-01', KEC_SELAT)).toEqual({
      numerator: 0,
      denominator: 10,
      value: 0,
    });
    expect(await wh.value('puskesos_desa_pct', '2024-01', KAB)).toMatchObject({
      numerator: 1,
      denominator: 231,
    });
    // February: A counts → Selat 1/10, Kapuas 2/231
    expect(await v('puskesos_desa_pct', '2024-02', KEC_SELAT)).toBe(10);
    expect(await wh.value('puskesos_desa_pct', '2024-02', KAB)).toMatchObject({
      numerator: 2,
      denominator: 231,
    });
    // outside the region only where the register names a desa: Y 1/1
    expect(await v('puskesos_desa_pct', '2024-02', Y)).toBe(100);
    // the register applies from the first month of the monthly feeds (DTKS, BPJS-TK: 2024-01);
    // PKH 2023 is yearly and does not open 2023 months
    const periods = await wh.query<{ period: string }>(
      `SELECT DISTINCT period FROM indicator_values WHERE indicator_id = 'puskesos_desa_pct' ORDER BY 1`,
    );
    expect(periods.map((p) => p.period)).toEqual(['2024-01', '2024-02', '2024-03']);
  });
});

describe('gaps and budget', () => {
  it('gap_jkn_sasaran: registry people in the PBI band (desil 1–5) without active JKN in any segmen', async () => {
    // February (DTKS Jan): in the band p2 (PPU, covered), p3, p4 (NONAKTIF), p5 (covered), p6, p7
    // (desil 5), p9 → uncovered p3 (A), p4 p7 (B), p6 p9 (C) = 5
    expect(await v('gap_jkn_sasaran', '2024-02', A)).toBe(1);
    expect(await v('gap_jkn_sasaran', '2024-02', B)).toBe(2);
    expect(await v('gap_jkn_sasaran', '2024-02', C)).toBe(2);
    expect(await v('gap_jkn_sasaran', '2024-02', KAB)).toBe(5);
    // January, before the first BPJS Kesehatan snapshot: nobody covered, all 7 of the band
    expect(await v('gap_jkn_sasaran', '2024-01', KAB)).toBe(7);
    // March adds p12 (A, desil 2) → 6
    expect(await v('gap_jkn_sasaran', '2024-03', KAB)).toBe(6);
  });

  it('anggaran_* = gap × default premium × 12, numerator the gap', async () => {
    // 5 × 42 000 × 12 = 2 520 000
    expect(await wh.value('anggaran_pbi_apbd', '2024-02', KAB)).toEqual({
      numerator: 5,
      denominator: null,
      value: 2_520_000,
    });
    // 6 × 42 000 × 12 = 3 024 000
    expect(await v('anggaran_pbi_apbd', '2024-03', KAB)).toBe(3_024_000);
    // gap_bpu January: p7 (B; p1 and p8 have no desil, so are not in the bpu band)
    // → 1 × 16 800 × 12 = 201 600
    expect(await v('gap_bpu', '2024-01', KAB)).toBe(1);
    expect(await wh.value('anggaran_bpu', '2024-01', KAB)).toEqual({
      numerator: 1,
      denominator: null,
      value: 201_600,
    });
    // a region desa without gap: 0, not null
    expect(await wh.value('anggaran_bpu', '2024-01', '62.03.01.1008')).toEqual({
      numerator: 0,
      denominator: null,
      value: 0,
    });
  });

  it('budget_gap_by_desil keeps every desil, unknown as null', async () => {
    const rowsOut = await wh.query<{ program: string; desil: number | null; jumlah: number }>(
      `SELECT program, desil, jumlah FROM budget_gap_by_desil
       WHERE period = '2024-02' AND level = 'kabupaten' AND area_code = '${KAB}'
       ORDER BY program, desil NULLS LAST`,
    );
    // jkn (Feb, DTKS Jan): uncovered p3 (4), p4 (1), p6 (2), p7 (5), p8 (–), p9 (4), p10 (–)
    // bpu (Feb, BPJS-TK Jan): uncovered vulnerable p1 (–), p7 (5), p8 (–)
    expect(rowsOut).toEqual([
      { program: 'bpu', desil: 5, jumlah: 1 },
      { program: 'bpu', desil: null, jumlah: 2 },
      { program: 'jkn', desil: 1, jumlah: 1 },
      { program: 'jkn', desil: 2, jumlah: 1 },
      { program: 'jkn', desil: 4, jumlah: 2 },
      { program: 'jkn', desil: 5, jumlah: 1 },
      { program: 'jkn', desil: null, jumlah: 2 },
    ]);
  });

  it('budget_simulation applies premiums and max_desil', async () => {
    const sim = await wh.query(
      `SELECT people_jkn, people_bpu, cost_pbi, cost_bpu, cost_total
       FROM budget_simulation('2024-02', 50000, 20000, 5) WHERE area_code = '${KAB}'`,
    );
    // desil ≤ 5: jkn p4 p6 p3 p9 p7 = 5 → 5 × 50 000 × 12 = 3 000 000; bpu p7 = 1 → 240 000
    expect(sim).toEqual([
      {
        people_jkn: 5,
        people_bpu: 1,
        cost_pbi: 3_000_000,
        cost_bpu: 240_000,
        cost_total: 3_240_000,
      },
    ]);
    const all = await wh.query(
      `SELECT people_jkn, people_bpu FROM budget_simulation('2024-02', 42000, 16800, NULL)
       WHERE level = 'kabupaten' AND area_code = '${KAB}'`,
    );
    expect(all).toEqual([{ people_jkn: 7, people_bpu: 3 }]);
    // The default desil of the simulation is the pbi_jk band of the rules in force (default 5).
    expect(await wh.query(`SELECT * FROM budget_defaults`)).toEqual([
      { premi_pbi: 42000, premi_bpu: 16800, max_desil: 5 },
    ]);
  });

  it('pbi_luar_sasaran: active PBI NIKs by BPJS desa absent from the registry or above the PBI band', async () => {
    // February (DTKS Jan): q1 (C) and q4 (Y) absent; p11 (X) in the snapshot with desil 8 > 5;
    // p1 (desil unknown) and p5 (desil 2) are not counted
    expect(await v('pbi_luar_sasaran', '2024-02', C)).toBe(1);
    expect(await v('pbi_luar_sasaran', '2024-02', Y)).toBe(1);
    expect(await v('pbi_luar_sasaran', '2024-02', X)).toBe(1);
    expect(await v('pbi_luar_sasaran', '2024-02', A)).toBe(0);
    expect(await v('pbi_luar_sasaran', '2024-02', '62.03.01.1008')).toBe(0);
    expect(await v('pbi_luar_sasaran', '2024-02', '62')).toBe(2);
    // March (DTKS Mar): p11 left the registry → still X 1; provinsi 62: C + X = 2
    expect(await v('pbi_luar_sasaran', '2024-03', X)).toBe(1);
    expect(await v('pbi_luar_sasaran', '2024-03', '62')).toBe(2);
    // no rows before the first BPJS Kesehatan snapshot
    expect(await wh.value('pbi_luar_sasaran', '2024-01', C)).toBeUndefined();
  });

  it('keluar_sasaran_pbi: nobody left the band between the DTKS snapshots of January and March', async () => {
    expect(await v('keluar_sasaran_pbi', '2024-03', KAB)).toBe(0);
    // January and February use the first snapshot: no predecessor, no rows
    expect(await wh.value('keluar_sasaran_pbi', '2024-02', KAB)).toBeUndefined();
  });
});

describe('bookkeeping tables', () => {
  it('feed_freshness: newest period and rows per feed, a missing feed as null / 0', async () => {
    const rowsOut = await wh.query(
      `SELECT feed, strftime(newest_period, '%Y-%m-%d') AS newest, rows FROM feed_freshness ORDER BY feed`,
    );
    expect(rowsOut).toEqual([
      { feed: 'bpjs_kesehatan', newest: '2024-02-01', rows: 13 },
      { feed: 'bpjs_ketenagakerjaan', newest: '2024-01-01', rows: 4 },
      { feed: 'dtks', newest: '2024-03-01', rows: 24 },
      { feed: 'dtsen', newest: null, rows: 0 },
      { feed: 'penduduk', newest: '2024-01-01', rows: 4 },
      { feed: 'pkh', newest: '2024-01-01', rows: 5 },
      { feed: 'puskesos', newest: '2024-02-15', rows: 4 },
      { feed: 'rujukan', newest: null, rows: 0 },
    ]);
  });

  it('data_quality matches each DTKS snapshot', async () => {
    const rowsOut = await wh.query(
      `SELECT metric, numerator, denominator, value FROM data_quality
       WHERE sumber = 'DTKS' AND periode = '2024-03' ORDER BY metric`,
    );
    expect(rowsOut).toEqual([
      // BPJS Kesehatan 13 rows; in DTKS March: p1 p2 p4 p5 → 4/13
      { metric: 'bpjs_kesehatan_in_registri', numerator: 4, denominator: 13, value: 400 / 13 },
      // BPJS-TK January rows p4 p8 p11 q8; in DTKS March: p4 p8 → 2/4
      { metric: 'bpjs_ketenagakerjaan_in_registri', numerator: 2, denominator: 4, value: 50 },
      // March households k1 k2 k3 k4 k6 all have a desil (the head's or the lowest member's)
      { metric: 'keluarga_tanpa_desil', numerator: 0, denominator: 5, value: 0 },
      // PKH 2024 no_kk k1 k2 k4, all in DTKS March
      { metric: 'pkh_in_registri', numerator: 3, denominator: 3, value: 100 },
      { metric: 'rujukan_nik_in_registri', numerator: 0, denominator: 0, value: null },
    ]);
    // one set per snapshot (January and March), no DTSEN rows
    expect(
      await wh.query(
        `SELECT sumber, periode, count(*) AS n FROM data_quality GROUP BY ALL ORDER BY 2`,
      ),
    ).toEqual([
      { sumber: 'DTKS', periode: '2024-01', n: 5 },
      { sumber: 'DTKS', periode: '2024-03', n: 5 },
    ]);
  });

  it('etl_runs and etl_rejects come from lake/_runs, without the run being built', async () => {
    const runs = await wh.query<{ run_id: string; status: string; summary: string }>(
      `SELECT run_id, status, strftime(as_of, '%Y-%m-%d') AS as_of, summary FROM etl_runs ORDER BY run_id`,
    );
    expect(runs.map((r) => [r.run_id, r.status])).toEqual([
      ['run-a', 'FAILED'],
      ['run-b', 'SUCCESS'],
    ]);
    expect(JSON.parse(runs[1]!.summary).feeds.dtks.rows_read).toBe(12);
    expect(await wh.query(`SELECT * FROM etl_rejects`)).toEqual([
      {
        run_id: 'run-b',
        feed: 'dtks',
        file: 'dtks.csv',
        line: 6,
        column_name: 'nik',
        reason: 'NIK_TIDAK_VALID',
        value: '620306**********',
      },
    ]);
  });

  it('stores one person-level table, daftar_aksi (pseudonyms only), and no nik / no_kk column', async () => {
    // The staging and intermediate tables were in a scratch database beside it, now removed.
    expect(existsSync(`${wh.file}.tmp`)).toBe(false);
    const tables = await wh.query<{ table_name: string }>(
      `SELECT table_name FROM duckdb_tables() ORDER BY 1`,
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'budget_defaults',
      'budget_gap_by_desil',
      'daftar_aksi',
      'data_quality',
      'dim_wilayah',
      'etl_rejects',
      'etl_runs',
      'feed_freshness',
      'indicator_breakdowns',
      'indicator_catalogue',
      'indicator_values',
      'programme_rules',
      'rujukan_aging',
      'warehouse_meta',
    ]);
    const columns = await wh.query(
      `SELECT table_name, column_name FROM duckdb_columns() WHERE column_name IN ('nik', 'no_kk')`,
    );
    expect(columns).toEqual([]);
    // the action lists' pseudonyms: keyed HMAC hex, the latest period only
    const pseudonyms = await wh.query<{ pseudonym: string; period: string }>(
      `SELECT pseudonym, period FROM daftar_aksi`,
    );
    const [meta] = await wh.query<{ value: string }>(
      `SELECT value FROM warehouse_meta WHERE key = 'latest_period'`,
    );
    for (const row of pseudonyms) {
      expect(row.pseudonym).toMatch(/^[0-9a-f]{32}$/);
      expect(row.period).toBe(meta!.value);
    }
  });
});

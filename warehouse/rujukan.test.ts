/**
 * Referral indicators on a hand-made lake, as-of 2024-03-20. Every expected number is worked out
 * in the comments from the rows below; none is copied from the warehouse's output.
 *
 * Desa A = 62.03.01.1006, B = 62.03.01.1007 (both Kec. Selat 62.03.01), C = 62.03.06.2001
 * (Kec. Pulau Petak 62.03.06), X = 62.01.01.1011 (outside the served region 62.03).
 * Final versions of the complaints:
 *   R1 A  keluhan 01-05  SELESAI 01-15 (10 d)  KESEHATAN PUSKESOS DINKES
 *   R2 A  keluhan 01-10  SELESAI 02-14 (35 d)  BANSOS    SLRT     DINSOS
 *   R3 B  keluhan 01-20  DITOLAK 03-10         BANSOS    SLRT     DINSOS
 *   R4 B  keluhan 02-01  SELESAI 02-11 (10 d)  KESEHATAN TKSK     DINKES
 *   R5 C  keluhan 02-10  DIRUJUK (open)        ADMINDUK  PUSKESOS DISDUKCAPIL
 *   R6 A  keluhan 02-20  SELESAI 03-05 (14 d)  ADMINDUK  DARING   DISDUKCAPIL
 *   R7 X  keluhan 03-01  DITERIMA (open)       KESEHATAN PUSKESOS DINKES
 *   R8 B  keluhan 01-25  SELESAI 02-02 (8 d)   LANSIA    TKSK     DINSOS   (four versions)
 * end(2024-01) = 01-31, end(2024-02) = 02-29 (leap year), end(2024-03) = 03-20 (the as-of date).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type BuiltWarehouse } from '../tests/fixtures/warehouse/buildFixture.js';
import {
  A,
  B,
  C,
  KAB,
  KEC_PULAU_PETAK,
  KEC_SELAT,
  X,
  rujukanRows as rows,
} from '../tests/fixtures/warehouse/rujukanLake.js';

let wh: BuiltWarehouse;
beforeAll(async () => {
  wh = await buildFixture({ rujukan: rows }, { asOf: '2024-03-20' });
});
afterAll(() => wh?.close());

const v = async (id: string, period: string, area: string) =>
  (await wh.value(id, period, area))?.value;

describe('rujukan versions', () => {
  it('keeps one row per complaint, the latest by (diperbarui_pada, _run_id, _file_seq, _line)', async () => {
    // R8's winner is SELESAI on 02-02: it counts as resolved in February (8 days), not January
    expect(await wh.value('rujukan_median_hari', '2024-02', B)).toEqual({
      numerator: null,
      denominator: 2, // R4 (10 d) and R8 (8 d)
      value: 9, // even count: (8 + 10) / 2
    });
    // January in B: nothing resolved (R8 v2's 01-31 lost)
    expect(await wh.value('rujukan_median_hari', '2024-01', B)).toEqual({
      numerator: null,
      denominator: 0,
      value: null,
    });
  });
});

describe('rujukan_masuk', () => {
  it('counts complaints by month of tanggal_keluhan and rolls up', async () => {
    // January: R1, R2 in A; R3, R8 in B
    expect(await wh.value('rujukan_masuk', '2024-01', A)).toEqual({
      numerator: 2,
      denominator: null,
      value: 2,
    });
    expect(await v('rujukan_masuk', '2024-01', B)).toBe(2);
    expect(await v('rujukan_masuk', '2024-01', KEC_SELAT)).toBe(4);
    expect(await v('rujukan_masuk', '2024-01', C)).toBe(0);
    expect(await v('rujukan_masuk', '2024-01', KAB)).toBe(4);
    // February: R4 (B), R5 (C), R6 (A)
    expect(await v('rujukan_masuk', '2024-02', KEC_PULAU_PETAK)).toBe(1);
    expect(await v('rujukan_masuk', '2024-02', KAB)).toBe(3);
    // March: only R7 and R9, outside the region: kabupaten 62.03 has 0, provinsi 62 has 2
    expect(await v('rujukan_masuk', '2024-03', KAB)).toBe(0);
    expect(await v('rujukan_masuk', '2024-03', X)).toBe(2);
    expect(await v('rujukan_masuk', '2024-03', '62.01')).toBe(2);
    expect(await v('rujukan_masuk', '2024-03', '62')).toBe(2);
  });

  it('has rows for every area of the region, and elsewhere only where there is data', async () => {
    // 231 desa + 17 kecamatan + 1 kabupaten + 1 provinsi in Kapuas; March adds X, 62.01.01, 62.01
    const count = async (period: string) =>
      (
        await wh.query<{ n: number }>(
          `SELECT count(*) AS n FROM indicator_values WHERE indicator_id = 'rujukan_masuk' AND period = '${period}'`,
        )
      )[0]?.n;
    expect(await count('2024-01')).toBe(250);
    expect(await count('2024-03')).toBe(253);
    // no months before the first complaint, none after the as-of month
    const periods = await wh.query<{ period: string }>(
      `SELECT DISTINCT period FROM indicator_values ORDER BY period`,
    );
    expect(periods.map((p) => p.period)).toEqual(['2024-01', '2024-02', '2024-03']);
  });
});

describe('rujukan_selesai_pct', () => {
  it('is 100 × (received in P and now SELESAI) / received in P', async () => {
    // January A: R1, R2 both SELESAI → 2/2; B: R3 DITOLAK, R8 SELESAI → 1/2; Selat: 3/4
    expect(await v('rujukan_selesai_pct', '2024-01', A)).toBe(100);
    expect(await wh.value('rujukan_selesai_pct', '2024-01', B)).toEqual({
      numerator: 1,
      denominator: 2,
      value: 50,
    });
    expect(await v('rujukan_selesai_pct', '2024-01', KEC_SELAT)).toBe(75);
    // February: R6 (A) and R4 (B) SELESAI, R5 (C) open → kabupaten 2/3
    expect(await v('rujukan_selesai_pct', '2024-02', KAB)).toBeCloseTo(66.6667, 3);
    expect(await v('rujukan_selesai_pct', '2024-02', C)).toBe(0);
  });

  it('is null where nothing was received (denominator 0)', async () => {
    expect(await wh.value('rujukan_selesai_pct', '2024-01', C)).toEqual({
      numerator: 0,
      denominator: 0,
      value: null,
    });
    expect(await wh.value('rujukan_selesai_pct', '2024-03', KAB)).toEqual({
      numerator: 0,
      denominator: 0,
      value: null,
    });
  });
});

describe('rujukan_median_hari', () => {
  it('is recomputed from the records of the whole area, never a median of medians', async () => {
    // February resolutions: R2 35 d (A), R4 10 d (B), R8 8 d (B). A: 35, B: 9.
    // Kecamatan Selat from records [8, 10, 35] → 10 (a median of the desa medians would be 22).
    expect(await v('rujukan_median_hari', '2024-02', A)).toBe(35);
    expect(await wh.value('rujukan_median_hari', '2024-02', KEC_SELAT)).toEqual({
      numerator: null,
      denominator: 3,
      value: 10,
    });
    expect(await v('rujukan_median_hari', '2024-02', KAB)).toBe(10);
    // January: R1 10 d; March: R6 14 d
    expect(await v('rujukan_median_hari', '2024-01', KAB)).toBe(10);
    expect(await v('rujukan_median_hari', '2024-03', A)).toBe(14);
  });
});

describe('rujukan_sla_pct', () => {
  it('is the share of SELESAI in P resolved within 14 days (14 included)', async () => {
    // January: R1 10 d → 1/1
    expect(await v('rujukan_sla_pct', '2024-01', A)).toBe(100);
    // February: A R2 35 d → 0/1; B R4 10, R8 8 → 2/2; Selat 2/3
    expect(await wh.value('rujukan_sla_pct', '2024-02', A)).toEqual({
      numerator: 0,
      denominator: 1,
      value: 0,
    });
    expect(await v('rujukan_sla_pct', '2024-02', B)).toBe(100);
    expect(await v('rujukan_sla_pct', '2024-02', KEC_SELAT)).toBeCloseTo(66.6667, 3);
    // March: R6 exactly 14 d → 1/1
    expect(await v('rujukan_sla_pct', '2024-03', A)).toBe(100);
  });
});

describe('rujukan_tunggakan', () => {
  it('counts complaints open at end(P) aged over 30 days, whatever their status today', async () => {
    // end(Jan) 01-31: open R2 (21 d), R3 (11 d), R8 (6 d) → none over 30
    expect(await v('rujukan_tunggakan', '2024-01', KAB)).toBe(0);
    // end(Feb) 02-29: R3 (DITOLAK only on 03-10) is open, 02-29 − 01-20 = 40 d → 1 in B;
    // R5 19 d, R6 9 d are younger
    expect(await v('rujukan_tunggakan', '2024-02', B)).toBe(1);
    expect(await v('rujukan_tunggakan', '2024-02', KAB)).toBe(1);
    // end(Mar) = as-of 03-20: R3 closed; R5 open 03-20 − 02-10 = 39 d → 1 in C; R7 19 d
    expect(await v('rujukan_tunggakan', '2024-03', B)).toBe(0);
    expect(await v('rujukan_tunggakan', '2024-03', C)).toBe(1);
    expect(await v('rujukan_tunggakan', '2024-03', '62')).toBe(1);
  });

  it('ignores a tanggal_selesai on an open status: R9 is open at end(March)', async () => {
    // at 03-20: R7 (03-01) 19 d and R9 (03-02) 18 d, both 15-30 days, both DINKES
    expect(
      await wh.query(
        `SELECT lembaga_tujuan, bucket, jumlah FROM rujukan_aging
         WHERE period = '2024-03' AND area_code = '${X}' ORDER BY lembaga_tujuan`,
      ),
    ).toEqual([
      { lembaga_tujuan: '*', bucket: '15-30', jumlah: 2 },
      { lembaga_tujuan: 'DINKES', bucket: '15-30', jumlah: 2 },
    ]);
    // received in March in X: R7, R9, neither SELESAI → 0 of 2
    expect(await wh.value('rujukan_selesai_pct', '2024-03', X)).toEqual({
      numerator: 0,
      denominator: 2,
      value: 0,
    });
  });

  it('ages open complaints into buckets in rujukan_aging', async () => {
    const aging = await wh.query<{
      period: string;
      lembaga_tujuan: string;
      bucket: string;
      jumlah: number;
    }>(
      `SELECT period, lembaga_tujuan, bucket, jumlah FROM rujukan_aging
       WHERE level = 'kabupaten' AND area_code = '${KAB}' ORDER BY period, lembaga_tujuan, bucket`,
    );
    expect(aging).toEqual([
      // end(Jan): R2 21 d DINSOS, R3 11 d DINSOS, R8 6 d DINSOS
      { period: '2024-01', lembaga_tujuan: '*', bucket: '0-7', jumlah: 1 },
      { period: '2024-01', lembaga_tujuan: '*', bucket: '15-30', jumlah: 1 },
      { period: '2024-01', lembaga_tujuan: '*', bucket: '8-14', jumlah: 1 },
      { period: '2024-01', lembaga_tujuan: 'DINSOS', bucket: '0-7', jumlah: 1 },
      { period: '2024-01', lembaga_tujuan: 'DINSOS', bucket: '15-30', jumlah: 1 },
      { period: '2024-01', lembaga_tujuan: 'DINSOS', bucket: '8-14', jumlah: 1 },
      // end(Feb): R3 40 d DINSOS, R5 19 d DISDUKCAPIL, R6 9 d DISDUKCAPIL
      { period: '2024-02', lembaga_tujuan: '*', bucket: '15-30', jumlah: 1 },
      { period: '2024-02', lembaga_tujuan: '*', bucket: '8-14', jumlah: 1 },
      { period: '2024-02', lembaga_tujuan: '*', bucket: '>30', jumlah: 1 },
      { period: '2024-02', lembaga_tujuan: 'DINSOS', bucket: '>30', jumlah: 1 },
      { period: '2024-02', lembaga_tujuan: 'DISDUKCAPIL', bucket: '15-30', jumlah: 1 },
      { period: '2024-02', lembaga_tujuan: 'DISDUKCAPIL', bucket: '8-14', jumlah: 1 },
      // end(Mar): R5 39 d (R7 is outside the kabupaten)
      { period: '2024-03', lembaga_tujuan: '*', bucket: '>30', jumlah: 1 },
      { period: '2024-03', lembaga_tujuan: 'DISDUKCAPIL', bucket: '>30', jumlah: 1 },
    ]);
  });
});

describe('indicator_breakdowns', () => {
  it('breaks rujukan_masuk down by kategori and current status', async () => {
    const rowsOut = await wh.query<{ dimension: string; category: string; value: number }>(
      `SELECT dimension, category, value FROM indicator_breakdowns
       WHERE indicator_id = 'rujukan_masuk' AND period = '2024-01' AND level = 'kabupaten'
         AND dimension IN ('kategori', 'status') ORDER BY dimension, category`,
    );
    // January: R1 KESEHATAN SELESAI, R2 BANSOS SELESAI, R3 BANSOS DITOLAK, R8 LANSIA SELESAI
    expect(rowsOut).toEqual([
      { dimension: 'kategori', category: 'BANSOS', value: 2 },
      { dimension: 'kategori', category: 'KESEHATAN', value: 1 },
      { dimension: 'kategori', category: 'LANSIA', value: 1 },
      { dimension: 'status', category: 'DITOLAK', value: 1 },
      { dimension: 'status', category: 'SELESAI', value: 3 },
    ]);
  });

  it('recomputes medians per category from records, and has no status breakdown for ratios', async () => {
    const rowsOut = await wh.query<{ category: string; denominator: number; value: number }>(
      `SELECT category, denominator, value FROM indicator_breakdowns
       WHERE indicator_id = 'rujukan_median_hari' AND period = '2024-02' AND area_code = '${KEC_SELAT}'
         AND dimension = 'lembaga_tujuan' ORDER BY category`,
    );
    // February in Selat: DINKES R4 10 d; DINSOS R2 35 d and R8 8 d → (8 + 35) / 2 = 21.5
    expect(rowsOut).toEqual([
      { category: 'DINKES', denominator: 1, value: 10 },
      { category: 'DINSOS', denominator: 2, value: 21.5 },
    ]);
    const status = await wh.query(
      `SELECT * FROM indicator_breakdowns WHERE dimension = 'status' AND indicator_id <> 'rujukan_masuk'`,
    );
    expect(status).toEqual([]);
  });
});

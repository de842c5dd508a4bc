/**
 * The consequences listed in tests/fixtures/samples/EXPECTED.md, on a hand-written lake equivalent of
 * the sample inbox (tests/fixtures/warehouse/sampleLake.ts). as-of 2024-07-05.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type BuiltWarehouse } from '../tests/fixtures/warehouse/buildFixture.js';
import { desa, sampleAsOf, sampleLake } from '../tests/fixtures/warehouse/sampleLake.js';

let wh: BuiltWarehouse;

beforeAll(async () => {
  wh = await buildFixture(sampleLake, { asOf: sampleAsOf });
});
afterAll(() => wh?.close());

describe('sample inbox (EXPECTED.md), desa Selat Dalam unless said', () => {
  it('registri_individu 2024-06 = 3 (AHMAD, SITI, RAFI; MARTINA lives in Saka Lagon)', async () => {
    expect(await wh.value('registri_individu', '2024-06', desa.selatDalam)).toEqual({
      numerator: 3,
      denominator: null,
      value: 3,
    });
  });

  it('pbi_sasaran_pct 2024-06 = 2 of 3 = 66.67 (AHMAD and SITI PBI_APBN AKTIF, RAFI none)', async () => {
    const row = await wh.value('pbi_sasaran_pct', '2024-06', desa.selatDalam);
    expect(row?.numerator).toBe(2);
    expect(row?.denominator).toBe(3);
    expect(row?.value).toBeCloseTo(66.67, 2);
  });

  it('pbi_luar_sasaran 2024-06 = 1 (6203017011700009 PBI_APBD AKTIF, not in DTKS)', async () => {
    expect((await wh.value('pbi_luar_sasaran', '2024-06', desa.selatDalam))?.value).toBe(1);
  });

  it('jkn_aktif_pct 2024-06: Selat Dalam 3 of 3 members AKTIF; Saka Lagon 0 of 1 (MARTINA NONAKTIF)', async () => {
    expect(await wh.value('jkn_aktif_pct', '2024-06', desa.selatDalam)).toEqual({
      numerator: 3,
      denominator: 3,
      value: 100,
    });
    expect(await wh.value('jkn_aktif_pct', '2024-06', desa.sakaLagon)).toEqual({
      numerator: 0,
      denominator: 1,
      value: 0,
    });
    // uhc_pct counts members of any status: MARTINA is one of Saka Lagon's 2210
    expect((await wh.value('uhc_pct', '2024-06', desa.sakaLagon))?.numerator).toBe(1);
  });

  it('rujukan 000101: the June version (SELESAI 2024-05-10) wins, median 2024-05 = 8 days', async () => {
    // 2024-05-10 - 2024-05-02 = 8 days, one SELESAI complaint: median 8, one record
    expect(await wh.value('rujukan_median_hari', '2024-05', desa.selatDalam)).toEqual({
      numerator: null,
      denominator: 1,
      value: 8,
    });
  });

  it('rujukan_masuk 2024-05 = 1 (000103 rejected), 2024-06 = 1 (000104)', async () => {
    expect((await wh.value('rujukan_masuk', '2024-05', desa.selatDalam))?.value).toBe(1);
    expect((await wh.value('rujukan_masuk', '2024-06', desa.selatDalam))?.value).toBe(1);
  });

  it('gap_pkh = 1: household of AHMAD (desil 2, pregnant SITI, RAFI aged 9) got BELUM_SALUR only', async () => {
    expect((await wh.value('gap_pkh', '2024-06', desa.selatDalam))?.value).toBe(1);
    expect(await wh.value('pkh_pct', '2024-06', desa.selatDalam)).toEqual({
      numerator: 0,
      denominator: 1,
      value: 0,
    });
  });

  it('pkh_pct = 100 in Saka Lagon: MARTINA (desil 1, 84, BERAT) household got SALUR in tahap 1', async () => {
    expect(await wh.value('pkh_pct', '2024-06', desa.sakaLagon)).toEqual({
      numerator: 1,
      denominator: 1,
      value: 100,
    });
  });

  it('bpu_rentan_pct = 100: AHMAD (NELAYAN, 39) has BPU AKTIF; SITI (MENGURUS_RUMAH_TANGGA) is not a vulnerable worker', async () => {
    expect(await wh.value('bpu_rentan_pct', '2024-06', desa.selatDalam)).toEqual({
      numerator: 1,
      denominator: 1,
      value: 100,
    });
  });

  it('the default period is 2024-06 and the as-of month 2024-07 carries June forward', async () => {
    const meta = await wh.query<{ key: string; value: string }>(`SELECT * FROM warehouse_meta`);
    expect(Object.fromEntries(meta.map((m) => [m.key, m.value]))).toMatchObject({
      as_of: '2024-07-05',
      region_code: '62.03',
      run_id: 'run-test',
      latest_period: '2024-06',
    });
    expect((await wh.value('registri_individu', '2024-07', desa.selatDalam))?.value).toBe(3);
    // no DTKS row before its first snapshot
    expect(await wh.value('registri_individu', '2024-05', desa.selatDalam)).toBeUndefined();
  });
});

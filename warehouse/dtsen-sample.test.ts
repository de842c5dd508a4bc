/**
 * EXPECTED.md, "DTSEN release of 2024-07": the sample lake with the DTSEN release of the sample
 * inbox (tests/fixtures/warehouse/dtsenSampleLake.ts), as-of 2024-07-05. For 2024-07 the registry
 * is this release; its predecessor is the DTKS snapshot of 2024-06. Default rules: national
 * desil, PBI band 1–5, PKH 1–4, BPU 1–5.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, type BuiltWarehouse } from '../tests/fixtures/warehouse/buildFixture.js';
import { dtsenSampleLake } from '../tests/fixtures/warehouse/dtsenSampleLake.js';
import { desa, sampleAsOf } from '../tests/fixtures/warehouse/sampleLake.js';
import { saveRulesOverride } from './programme-rules.js';

let wh: BuiltWarehouse;
let provinsi: BuiltWarehouse;

beforeAll(async () => {
  wh = await buildFixture(dtsenSampleLake, { asOf: sampleAsOf });
  // the same lake with the admin's override desil_varian = provinsi
  provinsi = await buildFixture(dtsenSampleLake, {
    asOf: sampleAsOf,
    prepareLake: async (lakeDir) => {
      await saveRulesOverride(lakeDir, {
        rules: {
          desil_varian: 'provinsi',
          pbi_jk: { desil_maks: 5 },
          pkh: { desil_maks: 4 },
          bpu: { desil_maks: 5 },
        },
        changed_by: 'admin',
        changed_at: '2024-07-04T03:00:00.000Z',
        reason: 'uji varian provinsi',
      });
    },
  });
});
afterAll(() => {
  wh?.close();
  provinsi?.close();
});

const v = async (w: BuiltWarehouse, id: string, area: string, period = '2024-07') =>
  w.value(id, period, area);

describe('DTSEN release of 2024-07, Selat Dalam', () => {
  it('registri_individu = 5: AHMAD S, SITI A, RAFI, JOKO, SRI (TAMU was rejected)', async () => {
    expect(await v(wh, 'registri_individu', desa.selatDalam)).toEqual({
      numerator: 5,
      denominator: null,
      value: 5,
    });
    // June is still the DTKS snapshot: AHMAD, SITI, RAFI
    expect((await v(wh, 'registri_individu', desa.selatDalam, '2024-06'))?.value).toBe(3);
  });

  it('keluar_sasaran_pbi = 3: AHMAD S, SITI A, RAFI had DTKS desil 2, now national desil 6', async () => {
    expect((await v(wh, 'keluar_sasaran_pbi', desa.selatDalam))?.value).toBe(3);
    // the DTKS snapshot of 2024-06 is the first: it has no predecessor, so no rows
    expect(await v(wh, 'keluar_sasaran_pbi', desa.selatDalam, '2024-06')).toBeUndefined();
  });

  it('nobody is in the PBI band: pbi_sasaran_pct null, gap_jkn_sasaran 0', async () => {
    expect(await v(wh, 'pbi_sasaran_pct', desa.selatDalam)).toEqual({
      numerator: 0,
      denominator: 0,
      value: null,
    });
    expect((await v(wh, 'gap_jkn_sasaran', desa.selatDalam))?.value).toBe(0);
  });

  it('AHMAD S (desil 6 > 5) is no vulnerable worker, his household no longer PKH-eligible', async () => {
    expect((await v(wh, 'bpu_rentan_pct', desa.selatDalam))?.value).toBeNull();
    expect((await v(wh, 'gap_pkh', desa.selatDalam))?.value).toBe(0);
  });

  it('pbi_luar_sasaran = 3: AHMAD S and SITI A (PBI_APBN, desil 6), SRI (PBI_APBD, desil 8)', async () => {
    expect((await v(wh, 'pbi_luar_sasaran', desa.selatDalam))?.value).toBe(3);
    // June (DTKS): only SRI, absent from the registry then
    expect((await v(wh, 'pbi_luar_sasaran', desa.selatDalam, '2024-06'))?.value).toBe(1);
  });

  it('registri_verifikasi_pct has no rows in a month served by DTSEN', async () => {
    expect(await v(wh, 'registri_verifikasi_pct', desa.selatDalam)).toBeUndefined();
    expect(await v(wh, 'registri_verifikasi_pct', desa.selatDalam, '2024-06')).toBeDefined();
  });
});

describe('DTSEN release of 2024-07, Saka Lagon', () => {
  it("MARTINA's household (desil 1, aged 84) stays PKH-eligible and received tahap 1: pkh_pct 100", async () => {
    expect(await v(wh, 'pkh_pct', desa.sakaLagon)).toEqual({
      numerator: 1,
      denominator: 1,
      value: 100,
    });
  });
});

describe('desil_varian = provinsi', () => {
  it("AHMAD S's family (provincial desil 5) stays in the PBI band", async () => {
    expect((await v(provinsi, 'keluar_sasaran_pbi', desa.selatDalam))?.value).toBe(0);
    // AHMAD S and SITI A have active PBI_APBN, RAFI none: 2 of 3
    expect(await v(provinsi, 'pbi_sasaran_pct', desa.selatDalam)).toMatchObject({
      numerator: 2,
      denominator: 3,
    });
    expect((await v(provinsi, 'gap_jkn_sasaran', desa.selatDalam))?.value).toBe(1);
    // only SRI (provincial desil 8) is outside the band now
    expect((await v(provinsi, 'pbi_luar_sasaran', desa.selatDalam))?.value).toBe(1);
    // AHMAD S (NELAYAN, 39, desil 5) is a vulnerable worker again, BPU active
    expect((await v(provinsi, 'bpu_rentan_pct', desa.selatDalam))?.value).toBe(100);
    // his household (pregnant SITI, RAFI aged 9) is PKH-eligible? provincial 5 > 4: no
    expect((await v(provinsi, 'gap_pkh', desa.selatDalam))?.value).toBe(0);
  });

  it('the warehouse records the rules in force and who set them, and labels name the band', async () => {
    const rules = await provinsi.query<{ rule: string; value: string; changed_by: string }>(
      `SELECT rule, value, changed_by, reason FROM programme_rules`,
    );
    expect(rules).toEqual([
      expect.objectContaining({ rule: 'desil_varian', value: 'provinsi', changed_by: 'admin' }),
      expect.objectContaining({ rule: 'pbi_jk.desil_maks', value: '5' }),
      expect.objectContaining({ rule: 'pkh.desil_maks', value: '4' }),
      expect.objectContaining({ rule: 'bpu.desil_maks', value: '5' }),
    ]);
    const [label] = await wh.query<{ label_id: string; label_en: string }>(
      `SELECT label_id, label_en FROM indicator_catalogue WHERE id = 'gap_jkn_sasaran'`,
    );
    expect(label).toEqual({
      label_id: 'Warga sasaran PBI (desil 1–5) tanpa JKN',
      label_en: 'PBI target group (deciles 1–5) without JKN',
    });
  });
});

describe('periods', () => {
  it('the default period is the latest complete month (June); July is in progress', async () => {
    const meta = Object.fromEntries(
      (await wh.query<{ key: string; value: string }>(`SELECT * FROM warehouse_meta`)).map((m) => [
        m.key,
        m.value,
      ]),
    );
    expect(meta).toMatchObject({ latest_period: '2024-06', in_progress_period: '2024-07' });
  });
});

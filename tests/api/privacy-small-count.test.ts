/**
 * Small-count protection (`publik=true`, api/common/small-count.ts) on a hand-built warehouse
 * where the number of people per desa is known (DTKS snapshot 2024-06, as-of 2024-07-05):
 *
 *   Kec. Selat (62.03.01): D1 1006 has 1 person, D2 1007 2, D3 1008 3, D4 1009 4, D5 1010 5,
 *   D6 1021 10 (5 of them PBI-JK); every other Selat desa 0.
 *   Kec. Pulau Petak (62.03.06): P 2001 has 3 people (kecamatan total 3).
 *   Everyone is a head of household of desil 1 without JKN unless PBI: gap_jkn_sasaran equals
 *   the people count minus the PBI ones (D6: 5).
 *   Rujukan received in 2024-06: 1 in D1, 6 in D6 (all to DINSOS, status DITERIMA).
 *   Kec. Kapuas Hilir (62.03.02): H1 1001 has 1 person, H2 1002 2, H3 1003 8, H4 1004 9 (2 of
 *   them PBI-JK, so its gap is 7; 2 of them verified, everyone else is); rujukan in 2024-06: 1 in H1, 5 in H3, 7 in H4 (5 KESEHATAN,
 *   2 PENDIDIKAN; all others KESEHATAN).
 *
 * Three APIs over copies of the same warehouse: threshold 5 (default), 0 (off), 3.
 */
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../api/config/config.js';
import { buildWarehouse } from '../../warehouse/build.js';
import { pseudo, type Row, writeLake } from '../fixtures/warehouse/writeLake.js';
import { apiFetch, type Body, getJson, startApi, tempDir } from './support.js';

const SELAT = '62.03.01';
const PETAK = '62.03.06';
const D = {
  1: '62.03.01.1006',
  2: '62.03.01.1007',
  3: '62.03.01.1008',
  4: '62.03.01.1009',
  5: '62.03.01.1010',
  6: '62.03.01.1021',
} as const;
const P = '62.03.06.2001';
const HILIR = '62.03.02';
const H = {
  1: '62.03.02.1001',
  2: '62.03.02.1002',
  3: '62.03.02.1003',
  4: '62.03.02.1004',
} as const;
const EMPTY = '62.03.01.1022';
const ARROW = 'application/vnd.apache.arrow.stream';

function people(desa: string, n: number, tag: string, verified = n): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    periode: '2024-06-01',
    id_dtks: `${tag}${i}`,
    nik: pseudo(`nik-${tag}-${i}`),
    no_kk: pseudo(`kk-${tag}-${i}`),
    kode_desa: desa,
    tanggal_lahir: '1950-01-01',
    jenis_kelamin: 'P',
    hubungan_keluarga: 'KEPALA_KELUARGA',
    desil: 1,
    disabilitas: 'TIDAK',
    hamil: 'TIDAK',
    pekerjaan: null,
    tanggal_verifikasi: i < verified ? '2024-01-10' : null,
  }));
}

function complaints(desa: string, n: number, tag: string, kategori = 'KESEHATAN'): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    id_rujukan: `${tag}-${i}`,
    tanggal_keluhan: '2024-06-10',
    nik: pseudo(`rujukan-${tag}-${i}`),
    kode_desa: desa,
    kategori,
    kanal: 'PUSKESOS',
    lembaga_tujuan: 'DINSOS',
    status: 'DITERIMA',
    tanggal_selesai: null,
    diperbarui_pada: '2024-06-10 08:00:00+07',
  }));
}

const dtks = [
  ...people(D[1], 1, 'a'),
  ...people(D[2], 2, 'b'),
  ...people(D[3], 3, 'c'),
  ...people(D[4], 4, 'd'),
  ...people(D[5], 5, 'e'),
  ...people(D[6], 10, 'f'),
  ...people(P, 3, 'p'),
  ...people(H[1], 1, 'h1'),
  ...people(H[2], 2, 'h2'),
  ...people(H[3], 8, 'h3'),
  ...people(H[4], 9, 'h4', 2),
];
const pbiOf = (desa: string, n: number) =>
  dtks
    .filter((p) => p.kode_desa === desa)
    .slice(0, n)
    .map((p) => ({
      periode: '2024-06-01',
      nik: p.nik,
      kode_desa: desa,
      segmen: 'PBI_APBN',
      status: 'AKTIF',
    }));
const pbi = [...pbiOf(D[6], 5), ...pbiOf(H[4], 2)];

let root = '';
const apis: Record<string, { url: string; close: () => Promise<void> }> = {};

beforeAll(async () => {
  root = await tempDir('small-count');
  const lakeDir = path.join(root, 'lake');
  await writeLake(lakeDir, {
    dtks,
    bpjs_kesehatan: pbi,
    rujukan: [
      ...complaints(D[1], 1, 'r1'),
      ...complaints(D[6], 6, 'r6'),
      ...complaints(H[1], 1, 'rh1'),
      ...complaints(H[3], 5, 'rh3'),
      ...complaints(H[4], 5, 'rh4'),
      ...complaints(H[4], 2, 'rh4p', 'PENDIDIKAN'),
    ],
  });
  const built = path.join(root, 'warehouse.duckdb');
  await buildWarehouse({
    lakeDir,
    outFile: built,
    asOf: '2024-07-05',
    regionCode: '62.03',
    runId: 'run-test',
  });
  for (const threshold of ['', '0', '3']) {
    const dataDir = path.join(root, `data-${threshold || 'default'}`);
    await mkdir(dataDir, { recursive: true });
    await cp(built, path.join(dataDir, 'warehouse.duckdb'));
    const env: Record<string, string> = { RATE_LIMIT: '0' };
    if (threshold) env.SMALL_COUNT_THRESHOLD = threshold;
    const { app, url } = await startApi(dataDir, path.join(dataDir, 'inbox'), env);
    apis[threshold || 'default'] = { url, close: () => app.close() };
  }
}, 240_000);

afterAll(async () => {
  for (const api of Object.values(apis)) await api.close();
  if (root) await rm(root, { recursive: true, force: true });
});

async function json(path: string, api = 'default'): Promise<Body> {
  const { status, body } = await getJson(`${apis[api]!.url}${path}`);
  expect(status, JSON.stringify(body).slice(0, 300)).toBe(200);
  return body;
}

const byCode = (rows: Body[], code: string) => rows.find((r) => r.code === code);

describe('values, desa level', () => {
  it('registri_individu: 1–4 withheld with suppressed: true; 0, 5 and 10 shown', async () => {
    const path = `/api/indicators/registri_individu/values?parent=${SELAT}&period=2024-06`;
    const raw = (await json(path)).rows;
    expect([1, 2, 3, 4, 5, 6].map((n) => byCode(raw, D[n as 1])?.value)).toEqual([
      1, 2, 3, 4, 5, 10,
    ]);
    expect(byCode(raw, D[1])).not.toHaveProperty('suppressed');

    const rows = (await json(`${path}&publik=true`)).rows;
    for (const n of [1, 2, 3, 4] as const)
      expect(byCode(rows, D[n])).toMatchObject({
        numerator: null,
        denominator: null,
        value: null,
        suppressed: true,
      });
    expect(byCode(rows, D[5])).toMatchObject({ value: 5, numerator: 5, suppressed: false });
    expect(byCode(rows, D[6])).toMatchObject({ value: 10, suppressed: false });
    expect(byCode(rows, EMPTY)).toMatchObject({ value: 0, suppressed: false });
    expect(rows.filter((r: Body) => r.suppressed)).toHaveLength(4);
  });

  it('pbi_sasaran_pct: withheld when the denominator is 1–4 (0 of 4 too); 0 of 5 and 5 of 10 shown', async () => {
    const rows = (
      await json(`/api/indicators/pbi_sasaran_pct/values?parent=${SELAT}&period=2024-06&publik=1`)
    ).rows;
    for (const n of [1, 2, 3, 4] as const)
      expect(byCode(rows, D[n])).toMatchObject({
        value: null,
        denominator: null,
        suppressed: true,
      });
    expect(byCode(rows, D[5])).toMatchObject({
      numerator: 0,
      denominator: 5,
      value: 0,
      suppressed: false,
    });
    expect(byCode(rows, D[6])).toMatchObject({
      numerator: 5,
      denominator: 10,
      value: 50,
      suppressed: false,
    });
  });

  it('anggaran_pbi_apbd: the amount gives the count back, so both go when the gap is 1–4', async () => {
    const rows = (
      await json(
        `/api/indicators/anggaran_pbi_apbd/values?parent=${SELAT}&period=2024-06&publik=true`,
      )
    ).rows;
    expect(byCode(rows, D[4])).toMatchObject({ numerator: null, value: null, suppressed: true });
    // D5: 5 uncovered × Rp 42.000 × 12
    expect(byCode(rows, D[5])).toMatchObject({
      numerator: 5,
      value: 5 * 42000 * 12,
      suppressed: false,
    });
    // D6: 10 people, 5 PBI → gap 5
    expect(byCode(rows, D[6])).toMatchObject({ numerator: 5, suppressed: false });
  });

  it('kecamatan and kabupaten rows are never withheld (Pulau Petak has 3 people)', async () => {
    const kec = (
      await json(
        '/api/indicators/registri_individu/values?level=kecamatan&period=2024-06&publik=true',
      )
    ).rows;
    expect(byCode(kec, PETAK)).toEqual({
      code: PETAK,
      name: 'Pulau Petak',
      numerator: 3,
      denominator: null,
      value: 3,
    });
    expect(byCode(kec, SELAT).value).toBe(1 + 2 + 3 + 4 + 5 + 10);
  });

  it('Arrow carries the same nulls and a Bool suppressed column', async () => {
    const res = await apiFetch(
      `${apis.default!.url}/api/indicators/registri_individu/values?parent=${SELAT}&period=2024-06&publik=true`,
      { headers: { accept: ARROW } },
    );
    expect(res.status).toBe(200);
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toContain('suppressed:Bool');
    const rows = table.toArray().map((r) => r.toJSON() as Body);
    expect(byCode(rows, D[3])).toMatchObject({ value: null, numerator: null, suppressed: true });
    expect(byCode(rows, D[5])).toMatchObject({ value: 5, suppressed: false });
    // Without publik the Arrow schema is as before (no suppressed column).
    const plain = await apiFetch(
      `${apis.default!.url}/api/indicators/registri_individu/values?parent=${SELAT}&period=2024-06`,
      { headers: { accept: ARROW } },
    );
    const plainTable = tableFromIPC(new Uint8Array(await plain.arrayBuffer()));
    expect(plainTable.schema.fields.map((f) => f.name)).not.toContain('suppressed');
    expect(
      byCode(
        plainTable.toArray().map((r) => r.toJSON() as Body),
        D[3],
      ).value,
    ).toBe(3);
  });

  it("rejects a 'publik' that is not true/false with a 400 naming it", async () => {
    const res = await apiFetch(
      `${apis.default!.url}/api/indicators/registri_individu/values?parent=${SELAT}&publik=ya`,
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as Body).message).toContain("'publik'");
  });
});

describe('series and scorecard of a desa', () => {
  it('series of D3 withholds every month; the kecamatan series does not', async () => {
    const desa = (await json(`/api/indicators/registri_individu/series?area=${D[3]}&publik=true`))
      .rows;
    expect(desa.length).toBeGreaterThan(0);
    for (const r of desa) expect(r).toMatchObject({ value: null, suppressed: true });
    const kec = (await json(`/api/indicators/registri_individu/series?area=${SELAT}&publik=true`))
      .rows;
    expect(kec.at(-1)).toEqual({ period: '2024-07', numerator: 25, denominator: null, value: 25 });
  });

  it('scorecard of D2: count and ratio withheld, with no status; D6 keeps 50%', async () => {
    const d2 = (await json(`/api/scorecard?area=${D[2]}&period=2024-06&publik=true`)).rows;
    const row = (id: string, rows: Body[]) => rows.find((r) => r.indicator.id === id);
    expect(row('registri_individu', d2)).toMatchObject({
      value: null,
      numerator: null,
      status: null,
      suppressed: true,
    });
    expect(row('pbi_sasaran_pct', d2)).toMatchObject({ value: null, suppressed: true });
    // No snapshot in 2024-05: nothing to withhold there.
    expect(row('registri_individu', d2)).toMatchObject({ previous_value: null, change: null });
    const d6 = (await json(`/api/scorecard?area=${D[6]}&period=2024-06&publik=true`)).rows;
    expect(row('pbi_sasaran_pct', d6)).toMatchObject({
      value: 50,
      numerator: 5,
      denominator: 10,
      suppressed: false,
    });
    const plain = (await json(`/api/scorecard?area=${D[2]}&period=2024-06`)).rows;
    expect(row('registri_individu', plain)).toMatchObject({ value: 2 });
    expect(row('registri_individu', plain)).not.toHaveProperty('suppressed');
  });

  it('scorecard Arrow has suppressed and previous_suppressed as Bool', async () => {
    const res = await apiFetch(
      `${apis.default!.url}/api/scorecard?area=${D[1]}&period=2024-06&publik=true`,
      { headers: { accept: ARROW } },
    );
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    const names = table.schema.fields.map((f) => `${f.name}:${f.type}`);
    expect(names).toEqual(expect.arrayContaining(['suppressed:Bool', 'previous_suppressed:Bool']));
    const dtksRow = table
      .toArray()
      .map((r) => r.toJSON() as Body)
      .find((r) => r.indicator_id === 'registri_individu');
    expect(dtksRow).toMatchObject({ value: null, suppressed: true });
  });
});

describe('referral breakdown and coverage gaps', () => {
  it('breakdown of D1 (1 complaint): counts withheld; D6 (6) withheld with it, as its complement', async () => {
    const d1 = await json(`/api/rujukan/breakdown?area=${D[1]}&period=2024-06&publik=true`);
    expect(d1.by_status).toEqual([{ category: 'DITERIMA', value: null, suppressed: true }]);
    expect(d1.by_kategori[0]).toMatchObject({ category: 'KESEHATAN', rujukan_masuk: null });
    expect(d1.by_kategori[0].suppressed).toContain('rujukan_masuk');
    expect(d1.agencies[0]).toMatchObject({ lembaga_tujuan: 'DINSOS', received: null });
    expect(d1.agencies[0].suppressed).toContain('received');
    // The one complaint is 25 days old at the end of June: bucket 15-30.
    expect(d1.aging.find((a: Body) => a.bucket === '15-30')).toEqual({
      bucket: '15-30',
      jumlah: null,
      suppressed: true,
    });
    expect(d1.aging.find((a: Body) => a.bucket === '0-7')).toEqual({
      bucket: '0-7',
      jumlah: 0,
      suppressed: false,
    });
    // Selat's 7 minus a published 6 would give D1's 1 back: D6 (the next-smallest) goes too.
    const d6 = await json(`/api/rujukan/breakdown?area=${D[6]}&period=2024-06&publik=true`);
    expect(d6.by_status).toEqual([{ category: 'DITERIMA', value: null, suppressed: true }]);
    expect(d6.agencies[0]).toMatchObject({ received: null, closed: null, backlog: 0 });
    expect(d6.agencies[0].suppressed).toEqual(expect.arrayContaining(['received', 'closed']));
    const kec = await json(`/api/rujukan/breakdown?area=${SELAT}&period=2024-06&publik=true`);
    expect(kec.by_status).toEqual([{ category: 'DITERIMA', value: 7 }]);
    const plain = await json(`/api/rujukan/breakdown?area=${D[1]}&period=2024-06`);
    expect(plain.by_status).toEqual([{ category: 'DITERIMA', value: 1 }]);
  });

  it('gaps of Selat: gap counts 1–4 and their amounts withheld per column', async () => {
    const rows = (await json(`/api/coverage/gaps?area=${SELAT}&period=2024-06&publik=true`)).rows;
    const d4 = byCode(rows, D[4]);
    expect(d4).toMatchObject({
      gap_jkn_sasaran: null,
      anggaran_pbi_apbd: null,
      pbi_sasaran_pct: null,
    });
    expect(d4.suppressed).toEqual(
      expect.arrayContaining(['gap_jkn_sasaran', 'anggaran_pbi_apbd', 'pbi_sasaran_pct']),
    );
    expect(byCode(rows, D[5])).toMatchObject({ gap_jkn_sasaran: 5, pbi_sasaran_pct: 0 });
    expect(byCode(rows, D[5]).suppressed).not.toContain('gap_jkn_sasaran');
    expect(byCode(rows, EMPTY)).toMatchObject({ gap_jkn_sasaran: 0, suppressed: [] });
    const plain = (await json(`/api/coverage/gaps?area=${SELAT}&period=2024-06`)).rows;
    expect(byCode(plain, D[4]).gap_jkn_sasaran).toBe(4);
  });
});

describe('SMALL_COUNT_THRESHOLD', () => {
  it('0 turns it off: publik=true answers the raw figures', async () => {
    const path = `/api/indicators/registri_individu/values?parent=${SELAT}&period=2024-06&publik=true`;
    const rows = (await json(path, '0')).rows;
    expect(byCode(rows, D[1])).toEqual({
      code: D[1],
      name: 'Murung Keramat',
      numerator: 1,
      denominator: null,
      value: 1,
    });
  });

  it('3 withholds 1 and 2 only', async () => {
    const path = `/api/indicators/registri_individu/values?parent=${SELAT}&period=2024-06&publik=true`;
    const rows = (await json(path, '3')).rows;
    expect([1, 2, 3, 4].map((n) => byCode(rows, D[n as 1]).value)).toEqual([null, null, 3, 4]);
    expect([1, 2, 3, 4].map((n) => byCode(rows, D[n as 1]).suppressed)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('is told to the web app in /api/meta (for the "< 5" label)', async () => {
    expect((await json('/api/meta')).small_count_threshold).toBe(5);
    expect((await json('/api/meta', '0')).small_count_threshold).toBe(0);
    expect((await json('/api/meta', '3')).small_count_threshold).toBe(3);
  });

  it('is validated at start-up with a message naming it', () => {
    expect(loadConfig({ SMALL_COUNT_THRESHOLD: '' }).smallCountThreshold).toBe(5);
    expect(loadConfig({ SMALL_COUNT_THRESHOLD: '10' }).smallCountThreshold).toBe(10);
    for (const bad of ['-1', 'lima', '2.5', '1000']) {
      expect(() => loadConfig({ SMALL_COUNT_THRESHOLD: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ SMALL_COUNT_THRESHOLD: bad })).toThrow(/SMALL_COUNT_THRESHOLD/);
    }
  });
});

/**
 * The differencing attack, as an outsider with publik=true only: a kecamatan total (never
 * withheld) minus the published desa of the kecamatan is the sum of its withheld desa. No withheld
 * desa may come back that way: two or more are withheld and what they add up to is not one desa's
 * figure — or, where no choice can hide it (a small kecamatan total), every desa is withheld.
 */
describe('differencing: kecamatan total minus the published desa', () => {
  const KECAMATAN = [SELAT, HILIR, PETAK];
  /** The figures a kecamatan row adds up from its desa, per catalogue unit. */
  const ADDITIVE: Record<string, ('value' | 'numerator' | 'denominator')[]> = {
    count: ['value'],
    rupiah: ['numerator', 'value'],
    percent: ['numerator', 'denominator'],
    days: ['denominator'],
  };
  const withheldOf = (rows: Body[]) =>
    rows
      .filter((r) => r.suppressed)
      .map((r) => r.code as string)
      .sort();
  let catalogue: Body[] = [];
  let periods: string[] = [];
  /** publik desa rows per `${indicator}|${period}|${kecamatan}` (the values endpoint). */
  const desaRows = new Map<string, Body[]>();
  /** The same without publik: what the attacker wants to learn. */
  const rawRows = new Map<string, Body[]>();

  beforeAll(async () => {
    catalogue = (await json('/api/indicators')).indicators;
    periods = (await json('/api/meta')).periods;
    for (const i of catalogue)
      for (const period of periods)
        for (const kec of KECAMATAN) {
          const path = `/api/indicators/${i.id}/values?parent=${kec}&period=${period}&publik=true`;
          desaRows.set(`${i.id}|${period}|${kec}`, (await json(path)).rows);
          rawRows.set(
            `${i.id}|${period}|${kec}`,
            (await json(path.replace('&publik=true', ''))).rows,
          );
        }
  }, 120_000);

  it('recovers no withheld desa, for any indicator, period and kecamatan', async () => {
    let attacked = 0;
    for (const i of catalogue)
      for (const period of periods) {
        const kecRows = (
          await json(`/api/indicators/${i.id}/values?level=kecamatan&period=${period}&publik=true`)
        ).rows;
        for (const kec of KECAMATAN) {
          const rows = desaRows.get(`${i.id}|${period}|${kec}`)!;
          const raw: Body[] = (
            await json(`/api/indicators/${i.id}/values?parent=${kec}&period=${period}`)
          ).rows;
          const withheld = withheldOf(rows);
          if (withheld.length === 0) continue;
          attacked += 1;
          const where = `${i.id} ${period} ${kec} withheld ${withheld.join(',')}`;
          expect(withheld.length, where).toBeGreaterThanOrEqual(2);
          const everyDesa = withheld.length === rows.length;
          for (const f of ADDITIVE[i.unit] ?? []) {
            const total = byCode(kecRows, kec)[f] ?? 0;
            const published = rows
              .filter((r) => !r.suppressed)
              .reduce((s, r) => s + (r[f] ?? 0), 0);
            const remainder = total - published;
            const hidden = raw.filter((r) => withheld.includes(r.code));
            // The attack works: the remainder is exactly what the withheld desa add up to.
            expect(remainder, `${where} ${f}`).toBeCloseTo(
              hidden.reduce((s: number, r) => s + (r[f] ?? 0), 0),
              6,
            );
            if (everyDesa) continue;
            if (i.unit !== 'rupiah' || f === 'numerator')
              expect(isSmallCount(remainder), `${where}: ${f} remainder ${remainder}`).toBe(false);
            // Not one desa's figure: either none of them has any, or at least two do.
            const carriers = hidden.filter((r) => (r[f] ?? 0) > 0).length;
            expect(carriers, `${where}: ${f} sits in one desa`).not.toBe(1);
          }
        }
      }
    expect(attacked).toBeGreaterThan(10);
  }, 120_000);

  it('nor through the same figure published by another indicator', () => {
    // registri_individu is the denominator of registri_verifikasi_pct and pbi_sasaran_pct, rujukan_masuk
    // that of rujukan_selesai_pct, a gap the numerator of its anggaran: a figure is hidden only
    // in the desa that EVERY indicator carrying it withholds.
    let shared = 0;
    for (const period of periods)
      for (const kec of KECAMATAN) {
        const figures = new Map<string, { ids: string[]; vector: number[] }>();
        for (const i of catalogue) {
          if (i.id === 'puskesos_desa_pct') continue; // counts desa, never withheld
          const raw = rawRows.get(`${i.id}|${period}|${kec}`)!;
          for (const f of ADDITIVE[i.unit] ?? []) {
            if (i.unit === 'rupiah' && f === 'value') continue;
            const vector: number[] = raw.map((r: Body) => r[f] ?? 0);
            if (vector.every((n: number) => n === 0)) continue;
            const key = vector.join(',');
            const entry = figures.get(key) ?? { ids: [] as string[], vector };
            entry.ids.push(i.id);
            figures.set(key, entry);
          }
        }
        for (const { ids, vector } of figures.values()) {
          if (ids.length < 2) continue;
          shared += 1;
          const codes = rawRows.get(`${ids[0]}|${period}|${kec}`)!.map((r: Body) => r.code);
          const hidden = codes.filter((code: string) =>
            ids.every((id) => byCode(desaRows.get(`${id}|${period}|${kec}`)!, code).suppressed),
          );
          if (hidden.length === 0 || hidden.length === codes.length) continue;
          const at = (code: string) => vector[codes.indexOf(code)]!;
          const remainder = hidden.reduce((s: number, code: string) => s + at(code), 0);
          const where = `${ids.join('+')} ${period} ${kec}: hidden ${hidden.join(',')}, remainder ${remainder}`;
          expect(hidden.filter((code: string) => at(code) > 0).length, where).not.toBe(1);
          expect(isSmallCount(remainder), where).toBe(false);
        }
      }
    expect(shared).toBeGreaterThan(5);
  });

  it('the complements chosen: next-smallest non-zero desa, every desa when the total is small', () => {
    const june = (id: string, kec: string) => withheldOf(desaRows.get(`${id}|2024-06|${kec}`)!);
    // 1 + 2 = 3 is small: H3 (8, smaller than H4's 9) goes with them; H4 stays.
    expect(june('registri_individu', HILIR)).toEqual([H[1], H[2], H[3]]);
    // gaps 1, 2, 8, 7: H4 (7) is the next-smallest.
    expect(june('gap_jkn_sasaran', HILIR)).toEqual([H[1], H[2], H[4]]);
    // 1 + 2 + 3 + 4 = 10 already hide each other: nothing more in Selat.
    expect(june('registri_individu', SELAT)).toEqual([D[1], D[2], D[3], D[4]]);
    // 1 complaint in D1: D6 (6) goes with it.
    expect(june('rujukan_masuk', SELAT)).toEqual([D[1], D[6]]);
    // Pulau Petak has 3 people, all in P: every desa of Petak is withheld (zeros too).
    const petak = desaRows.get(`registri_individu|2024-06|${PETAK}`)!;
    expect(petak.length).toBeGreaterThan(2);
    expect(petak.every((r: Body) => r.suppressed && r.value === null)).toBe(true);
    // 2 PBI in Kapuas Hilir (H4): no set of desa adds up to 5 or more PBI, so every desa goes.
    const pbiRows = desaRows.get(`pbi_sasaran_pct|2024-06|${HILIR}`)!;
    expect(pbiRows.every((r: Body) => r.suppressed)).toBe(true);
  });

  it('values, series, desa scorecard and coverage gaps withhold the same desa', async () => {
    const inValues = (id: string, period: string, desa: string) =>
      byCode(desaRows.get(`${id}|${period}|${desa.slice(0, 8)}`) ?? [], desa)?.suppressed === true;
    const gaps = (await json(`/api/coverage/gaps?area=62.03&period=2024-06&publik=true`)).rows;
    let compared = 0;
    for (const kec of KECAMATAN)
      for (const { code } of desaRows.get(`registri_individu|2024-06|${kec}`)!) {
        const card = (await json(`/api/scorecard?area=${code}&period=2024-06&publik=true`)).rows;
        for (const r of card) {
          expect(r.suppressed, `scorecard ${code} ${r.indicator.id}`).toBe(
            inValues(r.indicator.id, '2024-06', code),
          );
          if (periods.includes('2024-05'))
            expect(r.previous_suppressed).toBe(inValues(r.indicator.id, '2024-05', code));
        }
        for (const id of [
          'registri_individu',
          'rujukan_masuk',
          'pbi_sasaran_pct',
          'gap_jkn_sasaran',
        ]) {
          const series = (await json(`/api/indicators/${id}/series?area=${code}&publik=true`)).rows;
          for (const r of series) {
            expect(r.suppressed, `series ${id} ${code} ${r.period}`).toBe(
              inValues(id, r.period, code),
            );
            compared += 1;
          }
        }
        const gapRow = byCode(gaps, code);
        for (const c of ['gap_jkn_sasaran', 'anggaran_pbi_apbd', 'pbi_sasaran_pct'])
          expect(gapRow.suppressed.includes(c), `gaps ${code} ${c}`).toBe(
            inValues(c, '2024-06', code),
          );
      }
    expect(compared).toBeGreaterThan(50);
  }, 120_000);

  it('Arrow withholds the same desa as JSON', async () => {
    for (const [id, kec] of [
      ['registri_individu', HILIR],
      ['rujukan_masuk', SELAT],
      ['pbi_sasaran_pct', HILIR],
    ] as const) {
      const path = `/api/indicators/${id}/values?parent=${kec}&period=2024-06&publik=true`;
      const res = await apiFetch(`${apis.default!.url}${path}`, { headers: { accept: ARROW } });
      const arrow = tableFromIPC(new Uint8Array(await res.arrayBuffer()))
        .toArray()
        .map((r) => r.toJSON() as Body);
      const rows = (await json(path)).rows;
      expect(arrow.map((r) => [r.code, r.suppressed, r.value])).toEqual(
        rows.map((r: Body) => [r.code, r.suppressed, r.value]),
      );
    }
    const res = await apiFetch(
      `${apis.default!.url}/api/scorecard?area=${D[6]}&period=2024-06&publik=true`,
      { headers: { accept: ARROW } },
    );
    const card = tableFromIPC(new Uint8Array(await res.arrayBuffer()))
      .toArray()
      .map((r) => r.toJSON() as Body);
    expect(card.find((r) => r.indicator_id === 'rujukan_masuk')).toMatchObject({
      value: null,
      suppressed: true,
    });
  });

  it('referral breakdowns: a kecamatan category minus its published desa gives no desa back', async () => {
    let attacked = 0;
    for (const kec of KECAMATAN) {
      const total = await json(`/api/rujukan/breakdown?area=${kec}&period=2024-06&publik=true`);
      const desa = [];
      for (const { code } of desaRows.get(`rujukan_masuk|2024-06|${kec}`)!)
        desa.push(await json(`/api/rujukan/breakdown?area=${code}&period=2024-06&publik=true`));
      const cells = (b: Body) => [
        ...b.by_status.map((r: Body) => [`status|${r.category}`, r.value, r.suppressed === true]),
        ...['by_kategori', 'by_kanal', 'by_lembaga_tujuan'].flatMap((t) =>
          b[t].map((r: Body) => [
            `${t}|${r.category}`,
            r.rujukan_masuk,
            r.suppressed?.includes('rujukan_masuk') === true,
          ]),
        ),
        ...b.aging.map((r: Body) => [`aging|${r.bucket}`, r.jumlah, r.suppressed === true]),
      ];
      for (const [key, kecValue] of cells(total)) {
        const own = desa.map((b) => cells(b).find((c: Body[]) => c[0] === key));
        const hidden = own.filter((c) => c?.[2]);
        if (hidden.length === 0) continue;
        attacked += 1;
        const published = own.reduce((s, c) => s + (c && !c[2] ? c[1] : 0), 0);
        const remainder = kecValue - published;
        const where = `${kec} ${key}: ${hidden.length} withheld, remainder ${remainder}`;
        expect(hidden.length, where).toBeGreaterThanOrEqual(2);
        if (hidden.length < desa.length) expect(isSmallCount(remainder), where).toBe(false);
      }
    }
    expect(attacked).toBeGreaterThan(3);
    // H4 (7 complaints) is not needed to hide H1: its breakdown is published.
    const h4 = await json(`/api/rujukan/breakdown?area=${H[4]}&period=2024-06&publik=true`);
    expect(h4.by_status).toEqual([{ category: 'DITERIMA', value: 7, suppressed: false }]);
  }, 120_000);

  it('referral breakdowns: a published desa total minus its published categories gives none back', async () => {
    let attacked = 0;
    for (const kec of KECAMATAN)
      for (const { code, value, suppressed } of desaRows.get(`rujukan_masuk|2024-06|${kec}`)!) {
        if (suppressed) continue;
        const b = await json(`/api/rujukan/breakdown?area=${code}&period=2024-06&publik=true`);
        const tables: [string, [number | null, boolean][]][] = [
          ['status', b.by_status.map((r: Body) => [r.value, r.suppressed === true])],
          ...['by_kategori', 'by_kanal', 'by_lembaga_tujuan'].map(
            (t) =>
              [
                t,
                b[t].map((r: Body) => [
                  r.rujukan_masuk,
                  r.suppressed?.includes('rujukan_masuk') === true,
                ]),
              ] as [string, [number | null, boolean][]],
          ),
        ];
        for (const [table, cells] of tables) {
          const hidden = cells.filter(([, h]) => h).length;
          if (hidden === 0) continue;
          attacked += 1;
          const remainder = value - cells.reduce((s, [v, h]) => s + (h ? 0 : (v ?? 0)), 0);
          const where = `${code} ${table}: ${hidden} withheld, remainder ${remainder}`;
          if (remainder === 0) continue; // "none": zero is public
          expect(hidden, where).toBeGreaterThanOrEqual(2);
          expect(isSmallCount(remainder), where).toBe(false);
        }
      }
    expect(attacked).toBeGreaterThan(0);
    // H4: PENDIDIKAN (2) is small, so KESEHATAN (5) goes with it; the total 7 stays.
    const h4 = await json(`/api/rujukan/breakdown?area=${H[4]}&period=2024-06&publik=true`);
    expect(h4.by_kategori.map((r: Body) => [r.category, r.rujukan_masuk])).toEqual([
      ['KESEHATAN', null],
      ['PENDIDIKAN', null],
    ]);
  }, 120_000);
});

/** 1..4 with the default threshold. */
function isSmallCount(n: number): boolean {
  return n > 0 && n < 5;
}

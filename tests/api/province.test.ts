/**
 * A province instance (REGION_CODE=62, Kalimantan Tengah; issue 13): the sample inbox of Kapuas
 * through the real ETL with the province code, then the real API over it. Levels provinsi →
 * kabupaten → kecamatan → desa; the kabupaten map (outlines dissolved from the kecamatan of the
 * national file, Kapuas and Palangka Raya with their desa); a PIMPINAN bound to one kabupaten.
 */
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../api/config/config.js';
import { accountProblem } from '../../api/auth/roles.js';
import { etlConfigFromEnv } from '../../etl/config.js';
import { runEtl } from '../../etl/run.js';
import { wilayahCsv } from '../../warehouse/wilayah.js';
import { copySamples, SAMPLE_AS_OF, TEST_KEY } from '../support/sample-data.js';
import { type Body, getJson, login, postJson, startApi, tempDir } from './support.js';

let root = '';
let url = '';
let close: (() => Promise<void>) | undefined;

/** The kabupaten/kota of Kalimantan Tengah in the wilayah reference. */
const KALTENG = readFileSync(wilayahCsv.regencies, 'utf8')
  .split('\n')
  .map((l) => l.split(',')[0]!)
  .filter((code) => code.startsWith('62.'))
  .sort();

beforeAll(async () => {
  root = await tempDir('province');
  const inboxDir = path.join(root, 'inbox');
  const dataDir = path.join(root, 'data');
  await copySamples(inboxDir);
  const summary = await runEtl({
    inboxDir,
    dataDir,
    asOf: SAMPLE_AS_OF,
    regionCode: '62',
    pseudonymKey: TEST_KEY,
    settleSeconds: 0,
  });
  expect(summary.status, summary.error ?? '').toBe('SUCCESS');
  const started = await startApi(dataDir, inboxDir, { REGION_CODE: '62', RATE_LIMIT: '0' });
  url = started.url;
  close = () => started.app.close();
}, 240_000);

afterAll(async () => {
  await close?.();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('configuration', () => {
  it('accepts a province code as REGION_CODE, names it, and still refuses unknown codes', () => {
    const config = loadConfig({ REGION_CODE: '62' });
    expect([config.regionCode, config.regionName]).toEqual(['62', 'Kalimantan Tengah']);
    expect(loadConfig({ REGION_CODE: '62.03' }).regionName).toBe('Kabupaten Kapuas');
    for (const bad of ['99', '6', '62.3', '62.03.01']) {
      expect(() => loadConfig({ REGION_CODE: bad }), bad).toThrow(ConfigError);
    }
    expect(etlConfigFromEnv({ REGION_CODE: '62' }).regionCode).toBe('62');
    expect(() => etlConfigFromEnv({ REGION_CODE: '6' })).toThrow(/atau provinsi/);
  });
});

describe('levels of a province instance', () => {
  it('meta and the area tree start at the province', async () => {
    const meta = await getJson(`${url}/api/meta`);
    expect(meta.status).toBe(200);
    expect(meta.body.region).toEqual({ code: '62', name: 'Kalimantan Tengah', level: 'provinsi' });
    const area = await getJson(`${url}/api/areas/62`);
    expect(area.body.level).toBe('provinsi');
    expect(area.body.children.map((c: Body) => c.code)).toEqual(KALTENG);
    expect(new Set(area.body.children.map((c: Body) => c.level))).toEqual(new Set(['kabupaten']));
    const kapuas = await getJson(`${url}/api/areas/62.03.01`);
    expect(kapuas.body.ancestors.map((a: Body) => a.level)).toEqual(['provinsi', 'kabupaten']);
  });

  it('lists kabupaten under the province, kecamatan under a kabupaten', async () => {
    const top = await getJson(`${url}/api/indicators/registri_individu/values?period=2024-06`);
    expect(top.status).toBe(200);
    expect(top.body.level).toBe('kabupaten');
    expect(top.body.parent).toBe('62');
    expect(top.body.rows.map((r: Body) => r.code)).toEqual(KALTENG);
    const kapuas = top.body.rows.find((r: Body) => r.code === '62.03');
    expect(kapuas.value).toBeGreaterThan(0);
    const down = await getJson(
      `${url}/api/indicators/registri_individu/values?parent=62.03&period=2024-06`,
    );
    expect(down.body.level).toBe('kecamatan');
    expect(down.body.rows).toHaveLength(17);
    // The sample's people all live in Kapuas: the kecamatan add up to the kabupaten.
    const sum = down.body.rows.reduce((s: number, r: Body) => s + (r.value ?? 0), 0);
    expect(sum).toBe(kapuas.value);
  });

  it('a percentage at province level is Σ numerators / Σ denominators of its kabupaten', async () => {
    const top = await getJson(`${url}/api/indicators/jkn_aktif_pct/values?period=2024-06`);
    const num = top.body.rows.reduce((s: number, r: Body) => s + (r.numerator ?? 0), 0);
    const den = top.body.rows.reduce((s: number, r: Body) => s + (r.denominator ?? 0), 0);
    expect(den).toBeGreaterThan(0);
    const series = await getJson(`${url}/api/indicators/jkn_aktif_pct/series?area=62`);
    expect(series.status).toBe(200);
    const june = series.body.rows.find((r: Body) => r.period === '2024-06');
    expect([june.numerator, june.denominator]).toEqual([num, den]);
    expect(june.value).toBeCloseTo((100 * num) / den, 6);
    const card = await getJson(`${url}/api/scorecard?area=62&period=2024-06`);
    expect(card.status).toBe(200);
    expect(card.body.rows.length).toBeGreaterThan(5);
  });

  it('budget: a kabupaten code stands for its kecamatan on a province instance', async () => {
    const res = await postJson(`${url}/api/budget/simulate`, { kecamatan: ['62.03'] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.parameters.kecamatan).toEqual(['62.03']);
    expect(res.body.rows).toHaveLength(17);
    expect(res.body.rows.every((r: Body) => r.code.startsWith('62.03.'))).toBe(true);
    const bad = await postJson(`${url}/api/budget/simulate`, { kecamatan: ['63.01'] });
    expect(bad.status).toBe(400);
  });

  it('refuses a level that is not below the parent', async () => {
    const res = await getJson(`${url}/api/indicators/registri_individu/values?level=provinsi`);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/level=kabupaten/);
  });
});

describe('the kabupaten map', () => {
  it('serves kabupaten outlines dissolved from the kecamatan, and the shipped desa', async () => {
    const res = await getJson(`${url}/api/geo`);
    expect(res.status).toBe(200);
    const geo = res.body as Topology;
    expect(Object.keys(geo.objects)).toEqual(['kabupaten', 'kecamatan', 'desa']);
    const kabupaten = geo.objects.kabupaten as unknown as { geometries: Body[] };
    expect(kabupaten.geometries.map((g) => g.properties.code)).toEqual(KALTENG);
    const kapuas = kabupaten.geometries.find((g) => g.properties.code === '62.03');
    expect(kapuas.properties).toEqual({
      code: '62.03',
      name: 'Kabupaten Kapuas',
      level: 'kabupaten',
    });
    const decoded = feature(geo, geo.objects.kabupaten!);
    const features = 'features' in decoded ? decoded.features : [];
    expect(features).toHaveLength(KALTENG.length);
    for (const f of features) expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
    const kecamatan = geo.objects.kecamatan as unknown as { geometries: Body[] };
    const codes = kecamatan.geometries.map((g) => g.properties.code);
    expect(codes.every((c) => c.startsWith('62.'))).toBe(true);
    expect(codes.filter((c) => c.startsWith('62.03.'))).toHaveLength(17);
    // Kapuas (231) and Palangka Raya (30) ship desa boundaries; the others have none yet.
    const desa = (geo.objects.desa as unknown as { geometries: Body[] }).geometries;
    const kabOfDesa = new Set(desa.map((g) => g.properties.code.slice(0, 5)));
    expect([...kabOfDesa].sort()).toEqual(['62.03', '62.71']);
    expect(desa.filter((g) => g.properties.code.startsWith('62.03.'))).toHaveLength(231);
  });
});

describe('a PIMPINAN of one kabupaten', () => {
  const PASSWORD = 'pimpinan-kapuas-2024';
  let cookie = '';
  const as = (path: string) => getJson(`${url}${path}`, { headers: { cookie } });

  beforeAll(async () => {
    for (const [area, problem] of [
      ['63.01', /kabupaten\/kota di provinsi 62/],
      ['62.03.01', /kabupaten\/kota di provinsi 62/],
    ] as const) {
      const refused = await postJson(`${url}/api/users`, {
        username: `bupati.${area}`,
        password: PASSWORD,
        role: 'PIMPINAN',
        area,
      });
      expect(refused.status, area).toBe(400);
      expect(refused.body.message).toMatch(problem);
    }
    const admin = await postJson(`${url}/api/users`, {
      username: 'admin.kapuas',
      password: PASSWORD,
      role: 'ADMIN',
      area: '62.03',
    });
    expect(admin.status).toBe(400);
    const made = await postJson(`${url}/api/users`, {
      username: 'bupati.kapuas',
      password: PASSWORD,
      role: 'PIMPINAN',
      area: '62.03',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    cookie = await login(url, 'bupati.kapuas', PASSWORD);
  });

  it('starts on its kabupaten and is offered no province-wide page', async () => {
    const me = await as('/api/auth/me');
    expect(me.body.user.area_code).toBe('62.03');
    expect(me.body.access.home).toBe('kabupaten');
    expect(me.body.access.area).toEqual({ kabupaten: '62.03', kecamatan: null, desa: null });
    expect(me.body.access.views).not.toContain('ringkasan');
    expect(me.body.access.views).not.toContain('anggaran');
    expect(me.body.access.views).not.toContain('pokja');
    expect(me.body.access.views).toEqual(expect.arrayContaining(['kabupaten', 'kecamatan']));
  });

  it('reads its kabupaten and what lies inside it, nothing else', async () => {
    expect((await as('/api/scorecard?area=62.03')).status).toBe(200);
    expect((await as('/api/scorecard?area=62.03.01')).status).toBe(200);
    expect((await as('/api/indicators/registri_individu/values?parent=62.03')).status).toBe(200);
    for (const path of [
      '/api/scorecard?area=62',
      '/api/scorecard',
      '/api/scorecard?area=62.71',
      '/api/indicators/registri_individu/values',
      '/api/etl/runs',
      '/api/pokja/rakor',
    ]) {
      const res = await as(path);
      expect(res.status, path).toBe(403);
      expect(res.body.message, path).toMatch(/62\.03/);
    }
  });

  it('a kabupaten instance has no kabupaten-bound PIMPINAN', () => {
    expect(accountProblem('PIMPINAN', '62.03', null, '62.03')).toMatch(/kosongkan 'area'/);
    expect(accountProblem('PIMPINAN', null, null, '62.03')).toBeNull();
    expect(accountProblem('PIMPINAN', '62.03', null, '62')).toBeNull();
  });
});

/**
 * Programme rules over HTTP (docs/registry.md, "Programme rules, as data"): an admin changes the
 * desil ranking with a reason; the API rebuilds the warehouse from the lake under the ETL lock and
 * serves the new figures and labels at once; the change is kept with who, when and why, and
 * audited. The lake is the sample with its DTSEN release of 2024-07 (dtsenSampleLake.ts).
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataFolder } from '../../warehouse/data-folder.js';
import { dtsenSampleLake } from '../fixtures/warehouse/dtsenSampleLake.js';
import { desa } from '../fixtures/warehouse/sampleLake.js';
import { buildDataFolder } from '../fixtures/warehouse/buildFixture.js';
import { getJson, login, postJson, startApi, tempDir, type Body } from './support.js';

let root = '';
let url = '';
let close: () => Promise<void> = async () => undefined;
let dataDir = '';

beforeAll(async () => {
  root = await tempDir('rules');
  dataDir = path.join(root, 'data');
  await buildDataFolder(dataDir, dtsenSampleLake);
  const started = await startApi(dataDir, path.join(root, 'inbox'), { RATE_LIMIT: '0' });
  url = started.url;
  close = () => started.app.close();
}, 240_000);

afterAll(async () => {
  await close();
  if (root) await rm(root, { recursive: true, force: true });
});

const put = (body: unknown, cookie?: string) =>
  getJson(`${url}/api/programme-rules`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });

const keluar = async () =>
  (
    (
      await getJson(
        `${url}/api/indicators/keluar_sasaran_pbi/values?parent=62.03.01&period=2024-07`,
      )
    ).body.rows as Body[]
  ).find((r) => r.code === desa.selatDalam)?.value;

const provinsi = {
  desil_varian: 'provinsi',
  pbi_jk: { desil_maks: 5 },
  pkh: { desil_maks: 4 },
  bpu: { desil_maks: 5 },
};

describe('programme rules', () => {
  it('serves the defaults until an admin changes them; meta flags the month in progress', async () => {
    const { status, body } = await getJson(`${url}/api/programme-rules`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      rules: { desil_varian: 'nasional', pbi_jk: { desil_maks: 5 }, pkh: { desil_maks: 4 } },
      current_change: null,
      history: [],
    });
    const meta = (await getJson(`${url}/api/meta`)).body;
    expect(meta).toMatchObject({ latest_period: '2024-06', in_progress_period: '2024-07' });
    expect(meta.periods).toContain('2024-07');
  });

  it('refuses a change without a reason or with a bad value, saying what to send', async () => {
    const noReason = await put(provinsi);
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toMatch(/alasan/);
    const bad = await put({ ...provinsi, pkh: { desil_maks: 11 }, alasan: 'uji nilai salah' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/pkh\.desil_maks harus bilangan bulat 1–10/);
    const varian = await put({ ...provinsi, desil_varian: 'kota', alasan: 'uji nilai salah' });
    expect(varian.body.message).toMatch(/desil_varian harus salah satu dari nasional/);
    expect(await keluar()).toBe(3);
  });

  it('is for ADMIN only', async () => {
    const made = await postJson(`${url}/api/users`, {
      username: 'sekda',
      password: 'kata-sandi-uji-123',
      role: 'PIMPINAN',
    });
    expect(made.status).toBe(201);
    const sekda = await login(url, 'sekda', 'kata-sandi-uji-123');
    expect((await put({ ...provinsi, alasan: 'bukan admin' }, sekda)).status).toBe(403);
    expect(
      (await getJson(`${url}/api/programme-rules`, { headers: { cookie: sekda } })).status,
    ).toBe(403);
  });

  it('a change rebuilds the warehouse: figures and labels follow the band, who/when/why kept, audited', async () => {
    // national desil 6: AHMAD S, SITI A and RAFI left the PBI band
    expect(await keluar()).toBe(3);
    const changed = await put({
      ...provinsi,
      pbi_jk: { desil_maks: 4 },
      alasan: 'Uji varian provinsi',
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.rules).toEqual({ ...provinsi, pbi_jk: { desil_maks: 4 } });
    expect(changed.body.current_change).toMatchObject({
      changed_by: 'admin',
      reason: 'Uji varian provinsi',
    });
    expect(changed.body.history).toHaveLength(1);
    // provincial desil 5 > 4: still out of the band (DTKS desil 2 was in it)
    expect(await keluar()).toBe(3);
    const labels = (await getJson(`${url}/api/indicators`)).body.indicators as Body[];
    expect(labels.find((i) => i.id === 'gap_jkn_sasaran').label.id).toBe(
      'Warga sasaran PBI (desil 1–4) tanpa JKN',
    );
    // band 1–5 again, provincial ranking: AHMAD S's family (desil 5) stays in the band
    const back = await put({ ...provinsi, alasan: 'Kepmensos 79/HUK/2025' });
    expect(back.status).toBe(200);
    expect(await keluar()).toBe(0);
    expect(back.body.history.map((h: Body) => h.reason)).toEqual([
      'Kepmensos 79/HUK/2025',
      'Uji varian provinsi',
    ]);
    const labelsAfter = (await getJson(`${url}/api/indicators`)).body.indicators as Body[];
    expect(labelsAfter.find((i) => i.id === 'gap_jkn_sasaran').label.id).toBe(
      'Warga sasaran PBI (desil 1–5) tanpa JKN',
    );
    // kept in the data folder, beside the lake, for every later build
    const stored = JSON.parse(await readFile(dataFolder(dataDir).programmeRules, 'utf8'));
    expect(stored.current.rules.desil_varian).toBe('provinsi');
    expect(existsSync(dataFolder(dataDir).lock)).toBe(false);
    const audit = (await getJson(`${url}/api/audit?limit=50`)).body.rows as Body[];
    expect(audit.filter((r) => r.action === 'ATURAN_UBAH').map((r) => r.actor)).toEqual([
      'admin',
      'admin',
    ]);
  });
});

/**
 * GET /api/agregat (docs/exchange.md): the aggregate export for a province over HTTP, ADMIN
 * only and audited, on the sample warehouse (tests/fixtures/warehouse/sampleLake.ts).
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataFolder } from '../../warehouse/data-folder.js';
import { verifyPackage } from '../../warehouse/exchange.js';
import { sampleLake } from '../fixtures/warehouse/sampleLake.js';
import { buildDataFolder } from '../fixtures/warehouse/buildFixture.js';
import { apiFetch, getJson, login, postJson, startApi, tempDir, type Body } from './support.js';

let root = '';
let url = '';
let dataDir = '';
let close: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  root = await tempDir('agregat');
  dataDir = path.join(root, 'data');
  await buildDataFolder(dataDir, sampleLake);
  const started = await startApi(dataDir, path.join(root, 'inbox'), { RATE_LIMIT: '0' });
  url = started.url;
  close = () => started.app.close();
}, 240_000);

afterAll(async () => {
  await close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('GET /api/agregat', () => {
  it('is for ADMIN only', async () => {
    expect((await fetch(`${url}/api/agregat?format=adx`)).status).toBe(401);
    const made = await postJson(`${url}/api/users`, {
      username: 'sekda',
      password: 'kata-sandi-uji-123',
      role: 'PIMPINAN',
    });
    expect(made.status).toBe(201);
    const sekda = await login(url, 'sekda', 'kata-sandi-uji-123');
    const res = await fetch(`${url}/api/agregat?format=adx`, { headers: { cookie: sekda } });
    expect(res.status).toBe(403);
  });

  it('serves the three formats as attachments, the package signed with the data folder key', async () => {
    const dvs = await apiFetch(`${url}/api/agregat?format=datavaluesets&from=2024-06&to=2024-06`);
    expect(dvs.status).toBe(200);
    expect(dvs.headers.get('content-disposition')).toMatch(/attachment; filename="agregat-62\.03/);
    const doc = (await dvs.json()) as Body;
    expect(doc.dataValues.length).toBeGreaterThan(0);
    expect(new Set(doc.dataValues.map((d: Body) => d.period))).toEqual(new Set(['202406']));

    const adx = await apiFetch(`${url}/api/agregat?format=adx&kecil=kirim`);
    expect(adx.status).toBe(200);
    expect(await adx.text()).toContain('xmlns="urn:ihe:qrph:adx:2015"');

    const paket = await apiFetch(`${url}/api/agregat?format=paket`);
    expect(paket.status).toBe(200);
    const publicKey = await readFile(dataFolder(dataDir).exchangePublicKey, 'utf8');
    const { manifest } = verifyPackage(Buffer.from(await paket.arrayBuffer()), publicKey);
    expect(manifest.small_count.rule).toBe('tahan');
    expect(manifest.small_count.withheld_cells).toBeGreaterThan(0);
  });

  it('says what to fix for a bad format or month', async () => {
    const bad = await getJson(`${url}/api/agregat?format=csv`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/datavaluesets, adx, paket/);
    const month = await getJson(`${url}/api/agregat?format=adx&from=2024-13`);
    expect(month.status).toBe(400);
    expect(JSON.stringify(month.body)).toMatch(/YYYY-MM/);
  });

  it('is audited with the format, months and small-count rule', async () => {
    const rows = (await getJson(`${url}/api/audit?limit=500`)).body.rows as Body[];
    const exports = rows.filter((r) => r.action === 'AGREGAT_EKSPOR');
    expect(exports.length).toBeGreaterThanOrEqual(3);
    const details = exports.map((r) =>
      typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail,
    );
    expect(details).toContainEqual({ format: 'datavaluesets', from: '2024-06', to: '2024-06' });
    expect(details).toContainEqual({ format: 'adx', kecil: 'kirim' });
    expect(exports.every((r) => r.actor === 'admin')).toBe(true);
  });
});

describe('the province import routes on a kabupaten instance', () => {
  it('status names no province; an import is refused with 409', async () => {
    const status = await getJson(`${url}/api/agregat/status`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ provinsi: null, kabupaten: [] });
    const form = new FormData();
    form.append('berkas', new Blob([new Uint8Array([0x1f, 0x8b, 0])]), 'paket.tar.gz');
    const res = await apiFetch(`${url}/api/agregat/impor`, { method: 'POST', body: form });
    expect(res.status).toBe(409);
    expect(((await res.json()) as Body).message).toMatch(/bukan provinsi/);
  });
});

/**
 * A province instance's import routes (docs/exchange.md, "Import") against a real running API
 * with REGION_CODE=62 on an empty data folder: key registration, an ADMIN's upload, a kabupaten
 * instance's push with its token (revoked: refused), status and completeness, roles, audit.
 * The kabupaten package comes from the hand-checked sample warehouse (62.03).
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppressionPattern } from '../../api/common/small-count.js';
import { dataFolder } from '../../warehouse/data-folder.js';
import { exportAggregates } from '../../warehouse/exchange.js';
import { sampleLake } from '../fixtures/warehouse/sampleLake.js';
import { buildDataFolder } from '../fixtures/warehouse/buildFixture.js';
import { apiFetch, getJson, login, postJson, startApi, tempDir, type Body } from './support.js';

let root = '';
let url = '';
let provDir = '';
let pkg: Buffer;
let publicKey = '';
let close: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  root = await tempDir('agregat-impor');
  const kabDir = path.join(root, 'kabupaten');
  const folder = await buildDataFolder(kabDir, sampleLake, { runId: 'run-kabupaten' });
  pkg = (
    await exportAggregates(kabDir, 'paket', {
      kecil: 'tahan',
      threshold: 5,
      pattern: suppressionPattern,
    })
  ).body;
  publicKey = await readFile(folder.exchangePublicKey, 'utf8');
  provDir = path.join(root, 'provinsi');
  await mkdir(provDir, { recursive: true });
  const started = await startApi(provDir, path.join(root, 'inbox'), {
    REGION_CODE: '62',
    RATE_LIMIT: '0',
  });
  url = started.url;
  close = () => started.app.close();
}, 240_000);

afterAll(async () => {
  await close();
  if (root) await rm(root, { recursive: true, force: true });
});

function form(body: Buffer, name = 'agregat-62.03.tar.gz'): FormData {
  const data = new FormData();
  data.append('berkas', new Blob([new Uint8Array(body)], { type: 'application/gzip' }), name);
  return data;
}

describe('province import over HTTP', () => {
  it('lists the 14 kabupaten/kota of Kalimantan Tengah, none imported yet', async () => {
    const res = await getJson(`${url}/api/agregat/status`);
    expect(res.status).toBe(200);
    expect(res.body.provinsi).toBe('62');
    expect(res.body.kabupaten).toHaveLength(14);
    expect(res.body.kabupaten.find((k: Body) => k.kabupaten_code === '62.03')).toMatchObject({
      name: expect.stringMatching(/KAPUAS/i),
      last_import_at: null,
      key_fingerprint: null,
    });
  });

  it('refuses a package without a registered key, with what to do; nothing imported', async () => {
    const res = await apiFetch(`${url}/api/agregat/impor`, { method: 'POST', body: form(pkg) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Body).message).toMatch(/belum didaftarkan.*kunci 62\.03/);
    expect(await existsWarehouseImports()).toBe(0);
  });

  it('registers the key, imports the upload and publishes the province warehouse', async () => {
    const bad = await postJson(`${url}/api/agregat/kunci`, {
      kabupaten: '63.01',
      public_key: publicKey,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/tidak berada di provinsi 62/);
    const key = await postJson(`${url}/api/agregat/kunci`, {
      kabupaten: '62.03',
      public_key: publicKey,
    });
    expect(key.status).toBe(200);
    expect(key.body.key_fingerprint).toMatch(/^[0-9a-f]{64}$/);

    const wrong = await apiFetch(`${url}/api/agregat/impor?kabupaten=62.71`, {
      method: 'POST',
      body: form(pkg),
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as Body).message).toMatch(/dari 62\.03, bukan 62\.71/);

    const res = await apiFetch(`${url}/api/agregat/impor?kabupaten=62.03`, {
      method: 'POST',
      body: form(pkg),
    });
    const body = (await res.json()) as Body;
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ kabupaten_code: '62.03', source: 'unggah', rules_differ: false });
    expect(body.months.length).toBeGreaterThan(0);

    const status = await getJson(`${url}/api/agregat/status`);
    const kapuas = status.body.kabupaten.find((k: Body) => k.kabupaten_code === '62.03');
    expect(kapuas).toMatchObject({
      source: 'unggah',
      actor: 'admin',
      month_count: body.months.length,
    });
    expect(kapuas.programme_rules).toHaveProperty('pbi_jk.desil_maks');
    const lengkap = await getJson(`${url}/api/agregat/kelengkapan`);
    expect(lengkap.status).toBe(200);
    expect(lengkap.body.due_day).toBe(10);
    const reported = lengkap.body.rows.filter((r: Body) => r.reported);
    expect(reported.map((r: Body) => r.period).sort()).toEqual(body.months);
    expect(reported.every((r: Body) => r.kabupaten_code === '62.03')).toBe(true);

    // the API serves the imported figures: the province row and the kabupaten row
    const meta = await getJson(`${url}/api/meta`);
    expect(meta.status).toBe(200);
    expect(await existsWarehouseImports()).toBe(1);
  });

  it('a kabupaten instance pushes with its token; a revoked or missing token is refused', async () => {
    const none = await fetch(`${url}/api/agregat/kirim`, { method: 'POST', body: form(pkg) });
    expect(none.status).toBe(401);
    const made = await postJson(`${url}/api/agregat/tokens`, { kabupaten: '62.03' });
    expect(made.status).toBe(201);
    const token = String(made.body.token);
    expect(token).toMatch(/^agr_/);
    const listed = await getJson(`${url}/api/agregat/tokens`);
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(listed.body.tokens[0]).toMatchObject({ kabupaten_code: '62.03', revoked_at: null });

    const push = await fetch(`${url}/api/agregat/kirim`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form(pkg),
    });
    const pushed = (await push.json()) as Body;
    expect(push.status, JSON.stringify(pushed)).toBe(201);
    expect(pushed.source).toBe('kirim');
    const status = await getJson(`${url}/api/agregat/status`);
    expect(status.body.kabupaten.find((k: Body) => k.kabupaten_code === '62.03').source).toBe(
      'kirim',
    );

    const revoked = await apiFetch(`${url}/api/agregat/tokens/${made.body.id}`, {
      method: 'DELETE',
    });
    expect(revoked.status).toBe(200);
    const again = await fetch(`${url}/api/agregat/kirim`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form(pkg),
    });
    expect(again.status).toBe(401);
    expect(((await again.json()) as Body).message).toMatch(/dicabut/);
  });

  it('PIMPINAN reads status and completeness but cannot import; every write is audited', async () => {
    await postJson(`${url}/api/users`, {
      username: 'kadis',
      password: 'kata-sandi-uji-123',
      role: 'PIMPINAN',
    });
    const kadis = await login(url, 'kadis', 'kata-sandi-uji-123');
    expect((await fetch(`${url}/api/agregat/status`, { headers: { cookie: kadis } })).status).toBe(
      200,
    );
    expect(
      (await fetch(`${url}/api/agregat/kelengkapan`, { headers: { cookie: kadis } })).status,
    ).toBe(200);
    const up = await fetch(`${url}/api/agregat/impor`, {
      method: 'POST',
      headers: { cookie: kadis },
      body: form(pkg),
    });
    expect(up.status).toBe(403);
    expect((await fetch(`${url}/api/agregat/tokens`, { headers: { cookie: kadis } })).status).toBe(
      403,
    );

    const audit = await getJson(`${url}/api/audit?limit=200`);
    const actions = audit.body.rows.map((e: Body) => e.action);
    for (const a of [
      'AGREGAT_KUNCI',
      'AGREGAT_IMPOR',
      'AGREGAT_TOLAK',
      'AGREGAT_TOKEN_BUAT',
      'AGREGAT_TOKEN_CABUT',
    ])
      expect(actions, a).toContain(a);
    const text = JSON.stringify(audit.body);
    expect(text).not.toMatch(/agr_[A-Za-z0-9_-]{20}/);
  });
});

/** How many imports the province lake records. */
async function existsWarehouseImports(): Promise<number> {
  const dir = path.join(dataFolder(provDir).lake, 'agregat_impor');
  return (await readdir(dir).catch(() => [] as string[])).length;
}

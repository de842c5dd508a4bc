/**
 * Action lists over real HTTP on the sample warehouse: every gap indicator the catalogue gives an
 * action_list serves, per desa, as many pseudonymised rows as its desa figure; never a 16-digit
 * number or a name; a CAMAT only its kecamatan's desa, a PUSKESOS only its desa; every read in
 * the audit log.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../warehouse/catalogue.js';
import { buildSampleData } from '../support/sample-data.js';
import { type Body, startApi, tempDir } from './support.js';

const ADMIN_PASSWORD = 'uji-daftar-dinsos-2024';
const PASSWORD = 'kata-sandi-uji-123';
const SELAT = '62.03.01';
const PULAU_PETAK = '62.03.06';
let url = '';
let root = '';
let close: () => Promise<void>;
const cookies: Record<string, string> = {};
const lists = catalogue.filter((e) => e.action_list !== null);

async function call(method: string, path: string, who: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(cookies[who] ? { cookie: cookies[who] } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, text, body: (text ? JSON.parse(text) : null) as Body };
}

async function login(who: string, password: string): Promise<void> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: who, password }),
  });
  expect(res.status).toBe(200);
  cookies[who] = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** Desa of the region with a figure above 0 for the indicator, in the default period. */
async function desaWithGap(id: string, parent: string): Promise<{ code: string; value: number }[]> {
  const res = await call(
    'GET',
    `/api/indicators/${id}/values?level=desa&parent=${parent}`,
    'admin',
  );
  expect(res.status, res.text).toBe(200);
  return (res.body.rows as { code: string; value: number | null }[])
    .filter((r) => (r.value ?? 0) > 0)
    .map((r) => ({ code: r.code, value: r.value! }));
}

beforeAll(async () => {
  root = await tempDir('daftar');
  const { dataDir, inboxDir } = await buildSampleData(root);
  const started = await startApi(dataDir, inboxDir, { ADMIN_PASSWORD, RATE_LIMIT: '0' });
  url = started.url;
  close = () => started.app.close();
  await login('admin', ADMIN_PASSWORD);
  for (const a of [
    { username: 'camat.selat', role: 'CAMAT', area: SELAT },
    { username: 'camat.petak', role: 'CAMAT', area: PULAU_PETAK },
    { username: 'puskesos.selatdalam', role: 'PUSKESOS', area: `${SELAT}.1010` },
  ]) {
    const made = await call('POST', '/api/users', 'admin', { ...a, password: PASSWORD });
    expect(made.status, made.text).toBe(201);
    await login(a.username, PASSWORD);
  }
}, 120_000);

afterAll(async () => {
  await close?.();
  await rm(root, { recursive: true, force: true });
});

describe('GET /api/daftar/:indicator', () => {
  it('the catalogue names the lists; /api/indicators says which', async () => {
    const res = await call('GET', '/api/indicators', 'admin');
    const served = (res.body.indicators as { id: string; action_list: string | null }[]).filter(
      (i) => i.action_list !== null,
    );
    expect(served.map((i) => i.id).sort()).toEqual(lists.map((e) => e.id).sort());
  });

  it('each desa list has as many rows as the desa figure, pseudonymised only', async () => {
    let checked = 0;
    for (const e of lists) {
      for (const d of await desaWithGap(e.id, '62.03')) {
        const res = await call('GET', `/api/daftar/${e.id}?desa=${d.code}`, 'admin');
        expect(res.status, res.text).toBe(200);
        expect(res.body.total, `${e.id} ${d.code}`).toBe(d.value);
        expect(res.body.rows).toHaveLength(d.value);
        expect(res.body.list).toBe(e.action_list);
        for (const row of res.body.rows as Body[]) {
          expect(row.ref).toMatch(/^[0-9a-f]{10}$/);
          expect(Object.keys(row).sort()).toEqual(
            ['desil', 'kelompok_umur', 'program', 'ref', 'sejak'].sort(),
          );
        }
        // no NIK / no_kk (16 digits), no name column
        expect(res.text).not.toMatch(/\d{16}/);
        expect(res.text).not.toMatch(/"nama"|"nik"|"no_kk"/);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('refuses an indicator without a list, a kecamatan code, a period without lists', async () => {
    const none = await call('GET', `/api/daftar/registri_individu?desa=${SELAT}.1010`, 'admin');
    expect(none.status).toBe(404);
    expect(none.body.message).toMatch(/tidak punya daftar/);
    const kec = await call('GET', `/api/daftar/${lists[0]!.id}?desa=${SELAT}`, 'admin');
    expect(kec.status).toBe(400);
    expect(kec.body.message).toMatch(/harus kode desa/);
    const old = await call(
      'GET',
      `/api/daftar/${lists[0]!.id}?desa=${SELAT}.1010&period=2024-01`,
      'admin',
    );
    expect(old.status).toBe(400);
  });

  it("a CAMAT reads its kecamatan's desa only", async () => {
    const e = lists[0]!;
    const own = await call('GET', `/api/daftar/${e.id}?desa=${SELAT}.1010`, 'camat.selat');
    expect(own.status, own.text).toBe(200);
    const other = await call('GET', `/api/daftar/${e.id}?desa=${SELAT}.1010`, 'camat.petak');
    expect(other.status).toBe(403);
    expect(other.body.message).toMatch(/di luar wilayah akun Anda/);
    const missing = await call('GET', `/api/daftar/${e.id}`, 'camat.petak');
    expect(missing.status).toBe(403);
  });

  it('a PUSKESOS reads its own desa only', async () => {
    const e = lists[0]!;
    const own = await call('GET', `/api/daftar/${e.id}?desa=${SELAT}.1010`, 'puskesos.selatdalam');
    expect(own.status, own.text).toBe(200);
    const other = await call(
      'GET',
      `/api/daftar/${e.id}?desa=${PULAU_PETAK}.2001`,
      'puskesos.selatdalam',
    );
    expect(other.status).toBe(403);
  });

  it('every read lands in the audit log: who, list, desa, period, rows', async () => {
    const e = lists[0]!;
    const read = await call('GET', `/api/daftar/${e.id}?desa=${SELAT}.1010`, 'camat.selat');
    expect(read.status).toBe(200);
    const log = await call('GET', '/api/audit?limit=50', 'admin');
    const row = (log.body.rows as Body[]).find(
      (r) => r.action === 'DAFTAR_LIHAT' && r.actor === 'camat.selat',
    );
    expect(row, JSON.stringify(log.body.rows.slice(0, 3))).toBeTruthy();
    expect(row.target).toBe(e.id);
    expect(JSON.parse(String(row.detail))).toEqual({
      area: `${SELAT}.1010`,
      period: read.body.period,
      rows: read.body.total,
    });
    // refused reads serve nothing and record nothing as read
    const refused = (log.body.rows as Body[]).filter(
      (r) => r.action === 'DAFTAR_LIHAT' && r.actor === 'camat.petak',
    );
    expect(refused).toEqual([]);
  });
});

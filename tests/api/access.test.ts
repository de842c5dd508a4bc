/**
 * Per-record access with the auth module on, over real HTTP on the sample warehouse: Pokja
 * records of a CAMAT's own kecamatan only, an OPD's own actions only (status and comments),
 * the OPD's own agency row on /api/rujukan/breakdown, and browser exports in the audit log.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSampleData } from '../support/sample-data.js';
import { type Body, startApi, tempDir } from './support.js';

const ADMIN_PASSWORD = 'uji-akses-dinsos-2024';
const PASSWORD = 'kata-sandi-uji-123';
const SELAT = '62.03.01';
const PULAU_PETAK = '62.03.06';
let url = '';
let root = '';
let close: () => Promise<void>;
const cookies: Record<string, string> = {};

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
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Body };
}

async function login(who: string, username: string, password: string): Promise<void> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(res.status).toBe(200);
  cookies[who] = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

const ids: Record<string, number> = {};

beforeAll(async () => {
  root = await tempDir('access');
  const { dataDir, inboxDir } = await buildSampleData(root);
  const started = await startApi(dataDir, inboxDir, { ADMIN_PASSWORD, RATE_LIMIT: '0' });
  url = started.url;
  close = () => started.app.close();
  await login('admin', 'admin', ADMIN_PASSWORD);
  const accounts = [
    { username: 'camat.selat', role: 'CAMAT', area: SELAT },
    { username: 'camat.petak', role: 'CAMAT', area: PULAU_PETAK },
    { username: 'opd.dinsos', role: 'OPD', opd: 'DINSOS' },
    { username: 'opd.pemdes', role: 'OPD', opd: 'PEMDES' },
    { username: 'opd.disdik', role: 'OPD', opd: 'DISDIK' },
    { username: 'sekda', role: 'PIMPINAN' },
  ];
  for (const a of accounts) {
    const made = await call('POST', '/api/users', 'admin', { ...a, password: PASSWORD });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    await login(a.username, a.username, PASSWORD);
  }
  const meeting = await call('POST', '/api/pokja/meetings', 'camat.selat', {
    kecamatan: SELAT,
    tanggal: '2024-07-10',
    tempat: 'Aula Kantor Camat Selat',
  });
  expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
  ids.meeting = meeting.body.meeting.id;
  const action = await call('POST', '/api/pokja/actions', 'camat.selat', {
    title: 'Verifikasi PBI warga DTKS',
    owner_opd: 'DINSOS',
    due_date: '2024-08-01',
    indicator_id: 'pbi_sasaran_pct',
    area: SELAT,
  });
  expect(action.status, JSON.stringify(action.body)).toBe(201);
  ids.action = action.body.id;
});
afterAll(async () => {
  await close?.();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('Pokja records: the session user acts, per-record rules', () => {
  it('records the session username as creator', async () => {
    const res = await call('GET', `/api/pokja/actions/${ids.action}`, 'admin');
    expect(res.status).toBe(200);
    expect(res.body.created_by).toBe('camat.selat');
  });

  it("a CAMAT reads and edits its own kecamatan's meeting, not another's", async () => {
    expect((await call('GET', `/api/pokja/meetings/${ids.meeting}`, 'camat.selat')).status).toBe(
      200,
    );
    const other = await call('GET', `/api/pokja/meetings/${ids.meeting}`, 'camat.petak');
    expect(other.status).toBe(403);
    // Refused without saying whose record it is.
    expect(other.body).toMatchObject({ error: 'Forbidden' });
    expect(other.body.message).toMatch(/^Akses ditolak/);
    expect(other.body.message).not.toMatch(/62\.03\.01/);
    for (const [method, path, body] of [
      ['PATCH', `/api/pokja/meetings/${ids.meeting}`, { catatan: 'x' }],
      ['PUT', `/api/pokja/meetings/${ids.meeting}/agenda`, { items: [] }],
      ['DELETE', `/api/pokja/meetings/${ids.meeting}`, undefined],
      ['GET', `/api/pokja/meetings/${ids.meeting}/brief`, undefined],
      ['GET', `/api/pokja/actions/${ids.action}`, undefined],
      ['PATCH', `/api/pokja/actions/${ids.action}`, { status: 'PROSES' }],
      ['POST', `/api/pokja/actions/${ids.action}/comments`, { body: 'bukan wilayah saya' }],
    ] as const) {
      const res = await call(method, path, 'camat.petak', body);
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    const create = await call('POST', '/api/pokja/meetings', 'camat.petak', {
      kecamatan: SELAT,
      tanggal: '2024-07-11',
      tempat: 'Aula',
    });
    expect(create.status).toBe(403);
  });

  it('an OPD sees only its own actions, and changes only their status and comments', async () => {
    const own = await call('GET', '/api/pokja/actions', 'opd.dinsos');
    expect(own.status).toBe(200);
    expect(own.body.rows.map((r: Body) => r.id)).toEqual([ids.action]);
    const none = await call('GET', '/api/pokja/actions', 'opd.pemdes');
    expect(none.body.rows).toEqual([]);
    const foreign = await call('GET', `/api/pokja/actions/${ids.action}`, 'opd.pemdes');
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toMatch(/^Akses ditolak/);
    expect(foreign.body.message).not.toMatch(/DINSOS/);
    const status = await call('PATCH', `/api/pokja/actions/${ids.action}`, 'opd.dinsos', {
      status: 'PROSES',
    });
    expect(status.status, JSON.stringify(status.body)).toBe(200);
    expect(status.body.status).toBe('PROSES');
    const title = await call('PATCH', `/api/pokja/actions/${ids.action}`, 'opd.dinsos', {
      title: 'Judul lain',
    });
    expect(title.status).toBe(403);
    expect(title.body.message).toMatch(/OPD hanya membaca, mengubah status/);
    const comment = await call('POST', `/api/pokja/actions/${ids.action}/comments`, 'opd.dinsos', {
      body: 'Data KPM dikirim',
    });
    expect(comment.status).toBe(201);
    expect(comment.body.comments).toEqual([
      expect.objectContaining({ author: 'opd.dinsos', body: 'Data KPM dikirim' }),
    ]);
    const other = await call('POST', `/api/pokja/actions/${ids.action}/comments`, 'opd.pemdes', {
      body: 'x',
    });
    expect(other.status).toBe(403);
  });

  it("compares owner_opd with the OPD's agency whatever its case", async () => {
    const made = await call('POST', '/api/pokja/actions', 'camat.selat', {
      title: 'Data KPM PKH diperbarui',
      owner_opd: 'Pemdes ',
      due_date: '2024-08-15',
      indicator_id: 'pbi_sasaran_pct',
      area: SELAT,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const list = await call('GET', '/api/pokja/actions', 'opd.pemdes');
    expect(list.body.rows.map((r: Body) => r.id)).toContain(made.body.id);
    expect((await call('GET', `/api/pokja/actions/${made.body.id}`, 'opd.pemdes')).status).toBe(
      200,
    );
    const status = await call('PATCH', `/api/pokja/actions/${made.body.id}`, 'opd.pemdes', {
      status: 'PROSES',
    });
    expect(status.status, JSON.stringify(status.body)).toBe(200);
    expect((await call('GET', `/api/pokja/actions/${made.body.id}`, 'opd.dinsos')).status).toBe(
      403,
    );
  });

  it('PIMPINAN reads but does not write Pokja records', async () => {
    expect((await call('GET', `/api/pokja/meetings/${ids.meeting}`, 'sekda')).status).toBe(200);
    expect((await call('GET', '/api/pokja/actions', 'sekda')).status).toBe(200);
  });
});

describe('referral breakdown for an OPD', () => {
  it('keeps only its own agency in agencies and by_lembaga_tujuan', async () => {
    const all = await call('GET', '/api/rujukan/breakdown', 'admin');
    expect(all.status).toBe(200);
    const names = all.body.agencies.map((a: Body) => a.lembaga_tujuan);
    expect(names).toContain('DISDIK');
    expect(names.length).toBeGreaterThan(1);
    const opd = await call('GET', '/api/rujukan/breakdown', 'opd.disdik');
    expect(opd.status).toBe(200);
    expect(opd.body.agencies).toEqual(
      all.body.agencies.filter((a: Body) => a.lembaga_tujuan === 'DISDIK'),
    );
    expect(opd.body.by_lembaga_tujuan).toEqual(
      all.body.by_lembaga_tujuan.filter((r: Body) => r.category === 'DISDIK'),
    );
    expect(opd.body.agencies).toHaveLength(1);
    // The kabupaten-wide totals are aggregates without agency detail: unchanged.
    expect(opd.body.by_status).toEqual(all.body.by_status);
  });
});

describe('exports reach the audit log', () => {
  it('records an export where the server serves its data (ekspor=csv|xlsx), not on the browser word', async () => {
    const before = (await call('GET', '/api/audit?limit=500', 'admin')).body.rows.filter(
      (r: Body) => r.action === 'EKSPOR',
    ).length;
    const plain = await call(
      'GET',
      `/api/indicators/pbi_sasaran_pct/values?parent=${SELAT}&publik=true`,
      'camat.selat',
    );
    expect(plain.status).toBe(200);
    const exported = await call(
      'GET',
      `/api/indicators/pbi_sasaran_pct/values?parent=${SELAT}&period=2024-06&publik=true&ekspor=xlsx`,
      'camat.selat',
    );
    expect(exported.status).toBe(200);
    const internal = await call('GET', `/api/scorecard?area=${SELAT}&ekspor=csv`, 'camat.selat');
    expect(internal.status).toBe(200);
    // Refused requests export nothing and record nothing.
    const refused = await call(
      'GET',
      `/api/indicators/pbi_sasaran_pct/values?parent=${PULAU_PETAK}&ekspor=csv`,
      'camat.selat',
    );
    expect(refused.status).toBe(403);
    const rows = (await call('GET', '/api/audit?limit=500', 'admin')).body.rows.filter(
      (r: Body) => r.action === 'EKSPOR',
    );
    expect(rows.length - before).toBe(2);
    const parse = (d: unknown) => (typeof d === 'string' ? JSON.parse(d) : d);
    expect(rows[1]).toMatchObject({ actor: 'camat.selat', target: '/api/indicators/:id/values' });
    expect(parse(rows[1].detail)).toEqual({
      format: 'xlsx',
      mode: 'publik',
      source: 'server',
      id: 'pbi_sasaran_pct',
      area: SELAT,
      period: '2024-06',
    });
    expect(rows[0]).toMatchObject({ actor: 'camat.selat', target: '/api/scorecard' });
    expect(parse(rows[0].detail)).toMatchObject({ format: 'csv', mode: 'internal', area: SELAT });
  });

  it('POST /api/audit/export records who exported which view in which format', async () => {
    const res = await call('POST', '/api/audit/export', 'camat.selat', {
      view: '/kecamatan/62.03.01?indikator=pbi_sasaran_pct',
      format: 'xlsx',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    const log = await call('GET', '/api/audit?limit=50', 'admin');
    const row = log.body.rows.find((r: Body) => r.action === 'EKSPOR');
    expect(row).toEqual(
      expect.objectContaining({
        actor: 'camat.selat',
        target: '/kecamatan/62.03.01?indikator=pbi_sasaran_pct',
      }),
    );
    expect(JSON.stringify(row.detail)).toContain('xlsx');
  });

  it('records whether a table export was publik (small counts withheld) or internal', async () => {
    for (const mode of ['internal', 'publik'] as const) {
      const res = await call('POST', '/api/audit/export', 'camat.selat', {
        view: `/kecamatan/62.03.01?ekspor=${mode}`,
        format: 'csv',
        mode,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(204);
    }
    const log = await call('GET', '/api/audit?limit=50', 'admin');
    for (const mode of ['internal', 'publik']) {
      const row = log.body.rows.find(
        (r: Body) => r.target === `/kecamatan/62.03.01?ekspor=${mode}`,
      );
      const detail = typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail;
      expect(detail).toMatchObject({ format: 'csv', mode });
    }
    const bad = await call('POST', '/api/audit/export', 'admin', {
      view: 'x',
      format: 'csv',
      mode: 'rahasia',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/'mode' harus publik atau internal/);
  });

  it('refuses an unknown format and a request without a session', async () => {
    const bad = await call('POST', '/api/audit/export', 'admin', { view: 'x', format: 'pdf' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/'format' harus csv, xlsx, png/);
    const anon = await call('POST', '/api/audit/export', 'nobody', { view: 'x', format: 'csv' });
    expect(anon.status).toBe(401);
  });
});

/**
 * Login and access control over real HTTP on the sample warehouse, with the auth module on
 * (the default of `createApp`; see api/auth/README.md): scrypt
 * passwords, httpOnly SameSite=Strict session cookies that expire, throttled failures, password
 * change, the audit log, and for every route and every role: refused when out of role or out of
 * area, let through otherwise.
 */
import { catalogue } from '../../warehouse/catalogue.js';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppDbService } from '../../api/app-db/app-db.service.js';
import { hashPassword, verifyPassword } from '../../api/auth/password.js';
import { POLICIES } from '../../api/auth/policy.js';
import { inScope, type Role, type SessionUser } from '../../api/auth/roles.js';
import { buildSampleData } from '../support/sample-data.js';
import { type Body, startApi, tempDir } from './support.js';

const ADMIN_PASSWORD = 'rahasia-dinsos-2024';
let root: string;
let url: string;
let close: () => Promise<void>;
let appDb: AppDbService;

const ACCOUNTS: Record<Role, { username: string; area?: string; opd?: string }> = {
  ADMIN: { username: 'admin' },
  PIMPINAN: { username: 'sekda' },
  CAMAT: { username: 'camat.selat', area: '62.03.01' },
  OPD: { username: 'opd.dinsos', opd: 'DINSOS' },
  PUSKESOS: { username: 'puskesos.selatdalam', area: '62.03.01.1010' },
};
const PASSWORD = 'kata-sandi-uji-123';
const cookies = {} as Record<Role, string>;

async function call(
  method: string,
  path: string,
  cookie?: string,
  body?: unknown,
): Promise<{ status: number; body: Body; headers: Headers }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: Body = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Arrow or empty
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

async function login(username: string, password: string) {
  const res = await call('POST', '/api/auth/login', undefined, { username, password });
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { ...res, setCookie, cookie: setCookie.split(';')[0]! };
}

beforeAll(async () => {
  root = await tempDir('auth');
  const { dataDir, inboxDir } = await buildSampleData(root);
  const started = await startApi(dataDir, inboxDir, { ADMIN_PASSWORD, RATE_LIMIT: '0' });
  url = started.url;
  appDb = started.app.get(AppDbService);
  close = () => started.app.close();
  const admin = await login('admin', ADMIN_PASSWORD);
  expect(admin.status, JSON.stringify(admin.body)).toBe(200);
  cookies.ADMIN = admin.cookie;
  for (const role of ['PIMPINAN', 'CAMAT', 'OPD', 'PUSKESOS'] as const) {
    const a = ACCOUNTS[role];
    const made = await call('POST', '/api/users', cookies.ADMIN, {
      username: a.username,
      password: PASSWORD,
      role,
      area: a.area,
      opd: a.opd,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    cookies[role] = (await login(a.username, PASSWORD)).cookie;
  }
});
afterAll(async () => {
  await close?.();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('passwords', () => {
  it('are scrypt hashes with a salt, verified in constant time', async () => {
    const a = await hashPassword('kata-sandi-panjang');
    const b = await hashPassword('kata-sandi-panjang');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('kata-sandi-panjang', a)).toBe(true);
    expect(await verifyPassword('kata-sandi-panjanG', a)).toBe(false);
    const stored = await appDb.query('SELECT password_hash FROM users');
    expect(stored.every((r) => String(r.password_hash).startsWith('scrypt$'))).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
  });
});

describe('login and sessions', () => {
  it('sets an httpOnly, SameSite=Strict cookie that expires, and /me answers', async () => {
    const res = await login('sekda', PASSWORD);
    expect(res.status).toBe(200);
    expect(res.setCookie).toMatch(
      /^dasbor_sesi=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/,
    );
    expect(res.body.user).toEqual({
      id: expect.any(Number),
      username: 'sekda',
      role: 'PIMPINAN',
      area_code: null,
      opd: null,
      display_name: '',
    });
    const me = await call('GET', '/api/auth/me', res.cookie);
    expect(me.body.user.username).toBe('sekda');
    // The database keeps only the token's hash.
    const token = res.cookie.split('=')[1]!;
    const sessions = await appDb.query('SELECT token_hash FROM sessions');
    expect(sessions.length).toBeGreaterThan(0);
    expect(JSON.stringify(sessions)).not.toContain(token);
  });

  it('refuses requests without a session, and a session past its expiry', async () => {
    const none = await call('GET', '/api/meta');
    expect(none.status).toBe(401);
    expect(none.body.message).toMatch(/Silakan masuk/);
    const res = await login('sekda', PASSWORD);
    // A session that ends in 1.5 s: served until then (the API remembers a session for a few
    // seconds, never past its expiry), refused after.
    await appDb.query(
      `UPDATE sessions SET expires_at = current_timestamp + INTERVAL 1500 MILLISECOND
       WHERE token_hash = sha256($t)`,
      { t: res.cookie.split('=')[1]! },
    );
    expect((await call('GET', '/api/meta', res.cookie)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2000));
    expect((await call('GET', '/api/meta', res.cookie)).status).toBe(401);
  });

  it('ends the session at logout', async () => {
    const res = await login('sekda', PASSWORD);
    const out = await call('POST', '/api/auth/logout', res.cookie);
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^dasbor_sesi=; .*Max-Age=0/);
    expect((await call('GET', '/api/auth/me', res.cookie)).status).toBe(401);
  });

  it('throttles repeated failures for a username, and audits them', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await login('opd.dinsos', 'salah-salah-salah')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Even the right password waits now.
    const locked = await login('opd.dinsos', PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.message).toMatch(/Terlalu banyak percobaan gagal; coba lagi dalam 15 menit/);
    const audit = await call('GET', '/api/audit?limit=50', cookies.ADMIN);
    const failed = audit.body.rows.filter((r: Body) => r.action === 'LOGIN_GAGAL');
    expect(failed.length).toBeGreaterThanOrEqual(5);
    expect(JSON.parse(failed[0].detail)).toEqual({ username: 'opd.dinsos' });
    expect(JSON.stringify(audit.body)).not.toContain('salah-salah-salah');
  });

  it('unknown users get the same answer as a wrong password', async () => {
    const res = await login('tidak.ada', 'apa-saja-12345');
    expect(res.status).toBe(401);
    expect(res.body.message).toBe(
      'Nama pengguna atau kata sandi salah / wrong username or password',
    );
  });

  it('changes the password: old sessions and the old password stop working', async () => {
    const first = await login('camat.selat', PASSWORD);
    const bad = await call('POST', '/api/auth/password', first.cookie, {
      current_password: PASSWORD,
      new_password: 'pendek',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/minimal 10 karakter/);
    const changed = await call('POST', '/api/auth/password', first.cookie, {
      current_password: PASSWORD,
      new_password: 'sandi-baru-camat-2024',
    });
    expect(changed.status).toBe(200);
    const newCookie = changed.headers.get('set-cookie')!.split(';')[0]!;
    expect((await call('GET', '/api/auth/me', first.cookie)).status).toBe(401);
    expect((await call('GET', '/api/auth/me', newCookie)).status).toBe(200);
    expect((await login('camat.selat', PASSWORD)).status).toBe(401);
    expect((await login('camat.selat', 'sandi-baru-camat-2024')).status).toBe(200);
    cookies.CAMAT = newCookie;
  });
});

/** One concrete request per route, for a user: inside their area, and outside it. */
function requestFor(route: string, user: SessionUser | null): { inside: string; outside?: string } {
  const own = user?.area_code ?? '62.03';
  const other = own.length > 8 ? '62.03.06.2001' : '62.03.06';
  const [method, path] = route.split(' ') as [string, string];
  const withArea = (base: string, name: string) => ({
    inside: `${base}${base.includes('?') ? '&' : '?'}${name}=${own}`,
    outside: `${base}${base.includes('?') ? '&' : '?'}${name}=${other}`,
  });
  const p = path
    .replace(':id/values', 'pbi_sasaran_pct/values')
    .replace(':id/series', 'pbi_sasaran_pct/series')
    .replace(':indicator', 'pbi_sasaran_pct')
    .replace(':code', '62.03.01')
    .replace(':id', '1');
  const policy = POLICIES[route]!;
  if (policy.area && 'query' in policy.area) return withArea(p, policy.area.query);
  void method;
  return { inside: p };
}

const BODIES: Record<string, unknown> = {
  'POST /api/users': { username: 'baru.1', password: 'x', role: 'ADMIN' },
  'POST /api/auth/password': { current_password: 'x', new_password: 'y' },
  'PUT /api/targets/:indicator': { target: 'bukan angka' },
};

/** Each view of the web app (web/src/router.ts) and the request it opens with, for a user. */
function viewRequest(view: string, user: SessionUser): { method: string; path: string } {
  const own = user.area_code;
  const kecamatan = own ? own.split('.').slice(0, 3).join('.') : '62.03.01';
  const desa = own && own.split('.').length === 4 ? own : '62.03.01.1010';
  const area = own ? `?area=${own}` : '';
  const get = (path: string) => ({ method: 'GET', path });
  const byView: Record<string, { method: string; path: string }> = {
    ringkasan: get('/api/scorecard'),
    kecamatan: get(`/api/scorecard?area=${kecamatan}`),
    desa: get(`/api/scorecard?area=${desa}`),
    daftar: get(`/api/daftar/${catalogue.find((e) => e.action_list !== null)!.id}?desa=${desa}`),
    rujukan: get(`/api/rujukan/breakdown${area}`),
    cakupan: get(`/api/coverage/gaps${area}`),
    anggaran: { method: 'POST', path: '/api/budget/simulate' },
    data: get('/api/etl/runs'),
    presentasi: get('/api/scorecard'),
    pokja: get(`/api/pokja/actions${own ? `?kecamatan=${kecamatan}` : ''}`),
    'pokja-rapat': get('/api/pokja/meetings/1'),
    'pokja-brief': get('/api/pokja/meetings/1/brief'),
    'pokja-rakor': get('/api/pokja/rakor'),
    'pokja-target': get('/api/targets/audit'),
  };
  return byView[view]!;
}

describe('GET /api/auth/me: what the account may see (api/auth/views.ts)', () => {
  const ALL = [
    'ringkasan',
    'kecamatan',
    'desa',
    'daftar',
    'rujukan',
    'cakupan',
    'anggaran',
    'data',
    'presentasi',
    'pokja',
    'pokja-rapat',
    'pokja-brief',
    'pokja-rakor',
    'pokja-target',
  ];
  const expected: Record<Role, { views: string[]; area: unknown; opd: string | null }> = {
    ADMIN: { views: ALL, area: null, opd: null },
    PIMPINAN: { views: ALL, area: null, opd: null },
    CAMAT: {
      views: [
        'kecamatan',
        'desa',
        'daftar',
        'rujukan',
        'cakupan',
        'pokja',
        'pokja-rapat',
        'pokja-brief',
      ],
      area: { kabupaten: '62.03', kecamatan: '62.03.01', desa: null },
      opd: null,
    },
    OPD: { views: ['rujukan', 'pokja'], area: null, opd: 'DINSOS' },
    PUSKESOS: {
      views: ['desa', 'daftar', 'rujukan'],
      area: { kabupaten: '62.03', kecamatan: '62.03.01', desa: '62.03.01.1010' },
      opd: null,
    },
  };

  it.each(Object.keys(ACCOUNTS) as Role[])(
    '%s: lists exactly the views whose main request the guard lets through',
    async (role) => {
      const me = await call('GET', '/api/auth/me', cookies[role]);
      expect(me.status).toBe(200);
      const { user, access } = me.body as { user: SessionUser; access: Body };
      const want = expected[role];
      expect(access).toEqual({
        views: want.views,
        home: want.views[0],
        area: want.area,
        opd: want.opd,
        figures: role !== 'OPD',
      });
      // Cross-check with the guard itself: every view's main request, refused or let through.
      for (const view of ALL) {
        const { method, path } = viewRequest(view, user);
        const res = await call(method, path, cookies[role], method === 'POST' ? {} : undefined);
        const opened = ![401, 403].includes(res.status);
        expect(opened, `${role} ${view}: ${method} ${path} → ${res.status}`).toBe(
          access.views.includes(view),
        );
      }
    },
  );
});

describe('every route, every role', () => {
  it('has an access rule for every route of the API', async () => {
    const doc = await call('GET', '/api/docs-json', cookies.ADMIN);
    const routes = Object.entries(doc.body.paths as Record<string, object>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => !POLICIES[r])).toEqual([]);
  });

  const cases = Object.entries(POLICIES).filter(
    ([route, p]) =>
      p.who !== 'public' && !route.startsWith('POST /api/auth/') && route !== 'POST /api/etl/run',
  );
  const roles = Object.keys(ACCOUNTS) as Role[];

  it.each(cases.flatMap(([route]) => roles.map((role) => [route, role] as const)))(
    '%s as %s',
    async (route, role) => {
      const me = (await call('GET', '/api/auth/me', cookies[role])).body.user as SessionUser;
      const policy = POLICIES[route]!;
      const allowed = policy.who === 'any' || policy.who.includes(role);
      const method = route.split(' ')[0]!;
      const { inside, outside } = requestFor(route, me);
      const res = await call(
        method,
        inside,
        cookies[role],
        BODIES[route] ?? (method === 'GET' || method === 'DELETE' ? undefined : {}),
      );
      if (!allowed) {
        expect(res.status, JSON.stringify(res.body)).toBe(403);
        expect(res.body.message).toMatch(/Peran .* tidak boleh/);
        return;
      }
      // Past the guard: whatever the handler says, it is not a refusal of access.
      expect([401, 403], `${inside}: ${JSON.stringify(res.body)}`).not.toContain(res.status);
      if (outside && !inScope(me, outside.split('=').pop()!)) {
        const refused = await call(method, outside, cookies[role]);
        expect(refused.status, `${outside}: ${JSON.stringify(refused.body)}`).toBe(403);
        expect(refused.body.message).toMatch(/di luar wilayah akun Anda/);
      }
    },
  );

  it('a CAMAT reading the whole kabupaten (no area given) is refused with what to send', async () => {
    const res = await call('GET', '/api/scorecard', cookies.CAMAT);
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(
      /Wilayah 62\.03 di luar wilayah akun Anda \(62\.03\.01\); kirim area=62\.03\.01/,
    );
    const own = await call('GET', '/api/scorecard?area=62.03.01.1010', cookies.CAMAT);
    expect(own.status).toBe(200);
  });

  it('only an admin starts an ETL run, and user changes are audited', async () => {
    expect((await call('POST', '/api/etl/run', cookies.PIMPINAN)).status).toBe(403);
    const put = await call('PUT', '/api/targets/pbi_sasaran_pct', cookies.ADMIN, { target: 77 });
    expect(put.status).toBe(200);
    const audit = await call('GET', '/api/audit', cookies.ADMIN);
    const created = audit.body.rows.filter(
      (r: Body) => r.action === 'USER_CREATE' && r.target !== 'admin',
    );
    // The first admin came from ADMIN_PASSWORD at start-up: no actor.
    expect(
      audit.body.rows.find((r: Body) => r.action === 'USER_CREATE' && r.target === 'admin').actor,
    ).toBeNull();
    expect(created.map((r: Body) => r.target).sort()).toEqual(
      ['camat.selat', 'opd.dinsos', 'puskesos.selatdalam', 'sekda'].sort(),
    );
    expect(created.every((r: Body) => r.actor === 'admin')).toBe(true);
    const target = audit.body.rows.find((r: Body) => r.action === 'TARGET_UBAH');
    expect(target).toMatchObject({ actor: 'admin', target: 'pbi_sasaran_pct' });
    // A refused change leaves no audit row.
    expect(audit.body.rows.filter((r: Body) => r.action === 'TARGET_UBAH')).toHaveLength(1);
    expect(audit.body.rows.some((r: Body) => r.action === 'LOGIN' && r.actor === 'sekda')).toBe(
      true,
    );
  });
});

/**
 * Issue 14, login and accounts, over real HTTP on the sample warehouse: the password change is
 * throttled and audited like a login; one spelling of a username for lookups and lock-outs; a
 * guesser elsewhere cannot lock an account for its owner; weak passwords are refused; the last
 * admin stays; error bodies name the HTTP reason; the API documentation needs a login; scrypt
 * never fills the thread pool that DuckDB needs.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashStats, HASH_CONCURRENCY, passwordProblem } from '../../api/auth/password.js';
import { loadConfig } from '../../api/config/config.js';
import { buildSampleData } from '../support/sample-data.js';
import { type Body, requestFrom, startApi, tempDir } from './support.js';

const ADMIN_PASSWORD = 'uji-pengerasan-dinsos-2024';
const PASSWORD = 'kata-sandi-uji-123';
let root = '';
let url = '';
let close: () => Promise<void>;
const cookies: Record<string, string> = {};

/** A request from 127.0.0.1 (or `from`), with the session of `who`. */
async function call(
  method: string,
  path: string,
  who?: string,
  body?: unknown,
  from = '127.0.0.1',
): Promise<{ status: number; body: Body; headers: Record<string, unknown> }> {
  return requestFrom(from, `${url}${path}`, {
    method,
    headers: who && cookies[who] ? { cookie: cookies[who] } : {},
    body,
  });
}

async function login(username: string, password: string, from = '127.0.0.1') {
  const res = await call('POST', '/api/auth/login', undefined, { username, password }, from);
  const setCookie = String(res.headers['set-cookie'] ?? '');
  return { ...res, cookie: setCookie.split(';')[0]! };
}

async function createUser(user: Record<string, unknown>) {
  return call('POST', '/api/users', 'admin', { password: PASSWORD, ...user });
}

beforeAll(async () => {
  root = await tempDir('auth-hard');
  const { dataDir, inboxDir } = await buildSampleData(root);
  const started = await startApi(dataDir, inboxDir, { ADMIN_PASSWORD, RATE_LIMIT: '0' });
  url = started.url;
  close = () => started.app.close();
  cookies.admin = (await login('admin', ADMIN_PASSWORD)).cookie;
  for (const [username, role, extra] of [
    ['camat.selat', 'CAMAT', { area: '62.03.01' }],
    ['sandi.uji', 'PIMPINAN', {}],
    ['kunci.uji', 'PIMPINAN', {}],
    ['lipat.uji', 'PIMPINAN', {}],
    ['admin.kedua', 'ADMIN', {}],
  ] as const) {
    const made = await createUser({ username, role, ...extra });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    cookies[username] = (await login(username, PASSWORD)).cookie;
  }
});
afterAll(async () => {
  await close?.();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('password change', () => {
  it('throttles wrong current passwords like a login, and audits each one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await call('POST', '/api/auth/password', 'sandi.uji', {
            current_password: `tebakan-salah-${i}`,
            new_password: 'sandi-baru-pimpinan-77',
          })
        ).status,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Locked: even the right current password waits now.
    const right = await call('POST', '/api/auth/password', 'sandi.uji', {
      current_password: PASSWORD,
      new_password: 'sandi-baru-pimpinan-77',
    });
    expect(right.status).toBe(429);
    const log = await call('GET', '/api/audit?limit=200', 'admin');
    const failed = log.body.rows.filter(
      (r: Body) => r.action === 'PASSWORD_GAGAL' && r.actor === 'sandi.uji',
    );
    expect(failed).toHaveLength(5);
    expect(failed[0]).toMatchObject({ target: 'sandi.uji', ip: '127.0.0.1' });
    expect(
      log.body.rows.some((r: Body) => r.action === 'PASSWORD_DITAHAN' && r.actor === 'sandi.uji'),
    ).toBe(true);
    expect(JSON.stringify(log.body)).not.toContain('tebakan-salah');
  });
});

describe('usernames and lock-outs', () => {
  it('one spelling per username: a case-folding variant neither logs in nor escapes the lock', async () => {
    for (let i = 0; i < 5; i++)
      expect((await login('lipat.uji', `salah-salah-${i}`)).status).toBe(401);
    expect((await login('lipat.uji', PASSWORD)).status).toBe(429);
    // Turkish dotted capital I: lower-cases to "i" + a combining dot in JavaScript, to "i" in
    // DuckDB — it used to find the account under a fresh failure counter.
    expect((await login('lİpat.uji', PASSWORD)).status).toBe(401);
    expect((await login('LİPAT.UJİ', PASSWORD)).status).toBe(401);
    // NFKC: full-width letters are the same name, under the same counter (locked).
    expect((await login('ｌｉｐａｔ.uji', PASSWORD)).status).toBe(429);
    expect((await login('LIPAT.UJI', PASSWORD)).status).toBe(429);
  });

  it('refuses non-ASCII usernames at creation', async () => {
    const res = await createUser({ username: 'admİn2', role: 'PIMPINAN' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/huruf a–z/);
  });

  it('failures from one address do not lock the account for another address', async () => {
    for (let i = 0; i < 5; i++)
      expect((await login('kunci.uji', `salah-salah-${i}`, '127.0.0.3')).status).toBe(401);
    expect((await login('kunci.uji', PASSWORD, '127.0.0.3')).status).toBe(429);
    const owner = await login('kunci.uji', PASSWORD, '127.0.0.4');
    expect(owner.status, JSON.stringify(owner.body)).toBe(200);
  });
});

describe('weak passwords', () => {
  it.each([
    ['aaaaaaaaaa', /minimal 5 karakter berbeda/],
    ['abababababab', /minimal 5 karakter berbeda/],
    ['1234567890', /terlalu mudah ditebak/],
    ['qwertyuiop', /terlalu mudah ditebak/],
    ['password2024', /terlalu mudah ditebak/],
    ['Rahasia-camat.selat-1', /tidak boleh memuat nama pengguna/],
  ])('refuses %s with a message in Bahasa Indonesia', async (password, message) => {
    const res = await call('POST', '/api/auth/password', 'camat.selat', {
      current_password: PASSWORD,
      new_password: password,
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
    // The same rules when an admin creates an account (here its username is in the password).
    const made = await createUser({ username: 'camat.selat', role: 'PIMPINAN', password });
    expect(made.status).toBe(400);
    expect(made.body.message).toMatch(message);
  });

  it('accepts passphrases, and ADMIN_PASSWORD follows the same rules', () => {
    expect(passwordProblem('kapuas-sungai-2024', 'camat.selat')).toBeNull();
    expect(passwordProblem('Dinsos-Kapuas-2024', 'admin')).toBeNull();
    expect(() => loadConfig({ ADMIN_PASSWORD: 'aaaaaaaaaa' })).toThrow(/ADMIN_PASSWORD: .*berbeda/);
  });
});

describe('the last admin', () => {
  it('cannot be deactivated; another admin can be while one stays', async () => {
    const users = (await call('GET', '/api/users', 'admin')).body.users as Body[];
    const admin = users.find((u) => u.username === 'admin');
    const second = users.find((u) => u.username === 'admin.kedua');
    const off = await call('PATCH', `/api/users/${second.id}`, 'admin', { active: false });
    expect(off.status).toBe(200);
    const self = await call('PATCH', `/api/users/${admin.id}`, 'admin', { active: false });
    expect(self.status).toBe(409);
    expect(self.body).toMatchObject({ error: 'Conflict' });
    expect(self.body.message).toMatch(/Admin aktif terakhir tidak dapat dinonaktifkan/);
    expect((await call('GET', '/api/auth/me', 'admin')).status).toBe(200);
    expect((await call('PATCH', `/api/users/${second.id}`, 'admin', { active: true })).status).toBe(
      200,
    );
  });
});

describe('error bodies and the API documentation', () => {
  it('401 and 403 name their reason', async () => {
    const anon = await call('GET', '/api/meta');
    expect(anon.status).toBe(401);
    expect(anon.body.error).toBe('Unauthorized');
    const forbidden = await call('GET', '/api/users', 'camat.selat');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toBe('Forbidden');
  });

  it('/api/docs and its document need a login', async () => {
    for (const path of ['/api/docs', '/api/docs-json', '/api/docs/']) {
      const anon = await call('GET', path);
      expect(anon.status, path).toBe(401);
      expect(anon.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    }
    const doc = await call('GET', '/api/docs-json', 'camat.selat');
    expect(doc.status).toBe(200);
    expect(doc.body.paths['/api/meta']).toBeDefined();
    expect((await call('GET', '/api/docs', 'camat.selat')).status).toBe(200);
  });
});

describe('password hashing and the thread pool', () => {
  it('never runs more scrypt derivations at once than the limit, and figures answer meanwhile', async () => {
    const figures = '/api/indicators/pbi_sasaran_pct/values?parent=62.03.01';
    const t0 = performance.now();
    expect((await call('GET', figures, 'admin')).status).toBe(200);
    const baseline = performance.now() - t0;
    hashStats.peak = 0;
    const before = hashStats.total;
    const logins = Array.from({ length: 30 }, () => login('camat.selat', PASSWORD));
    // Let the logins reach the hashing queue first.
    await new Promise((r) => setTimeout(r, 50));
    const t1 = performance.now();
    const during = await call('GET', figures, 'admin');
    const elapsed = performance.now() - t1;
    const answers = await Promise.all(logins);
    expect(during.status).toBe(200);
    expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(true);
    expect(hashStats.total - before).toBeGreaterThanOrEqual(10);
    expect(hashStats.peak).toBeLessThanOrEqual(HASH_CONCURRENCY);
    // Generous: 30 queued hashes take seconds in all; the figure request must not wait for them.
    expect(elapsed).toBeLessThan(Math.max(5_000, baseline * 20));
  });
});

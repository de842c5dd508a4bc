/**
 * HTTP hardening over real HTTP: security headers on every kind of response (API, web app,
 * errors), CORS closed unless CORS_ORIGINS names an origin, cross-site writes refused, a
 * per-client rate limit, the body size limit, and errors without internals.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config/config.js';
import { tileSource } from '../../api/common/security.js';
import { repoRoot } from '../../api/common/paths.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/support/product.js';
import {
  apiFetch,
  type Body,
  getJson,
  postJson,
  type RunningApi,
  startApi,
  startSampleApi,
  TEST_ADMIN_PASSWORD,
  tempDir,
} from './support.js';

let api: RunningApi;
beforeAll(async () => {
  api = await startSampleApi('hardening');
});
afterAll(async () => api?.close());

function expectErrorShape(body: Body, status: number) {
  expect(Object.keys(body).sort()).toEqual(['error', 'message', 'statusCode']);
  expect(body.statusCode).toBe(status);
  expect(body.message).not.toMatch(/\bat .*\.(js|ts):\d+|node_modules|\/work\/|\/tmp\//);
}

/** An app without a warehouse on an empty folder: enough for headers, CORS and limits. */
async function withBareApi(
  env: Record<string, string>,
  test: (url: string) => Promise<void>,
): Promise<void> {
  const root = await tempDir('bare');
  const { app, url } = await startApi(path.join(root, 'data'), path.join(root, 'inbox'), env);
  try {
    await test(url);
  } finally {
    await app.close();
    await rm(root, { recursive: true, force: true });
  }
}

describe('security headers', () => {
  it.each([
    ['/api/meta', 200],
    ['/api/indicators/pbi_dtks_pct/values?level=rt', 400],
    ['/api/tidak-ada', 404],
    ['/', 200],
    ['/peta/62.03.01', 200],
    ['/api/docs', 200],
  ])('on GET %s (%i)', async (p, status) => {
    const res = await apiFetch(`${api.url}${p}`, { headers: { accept: 'text/html,*/*' } });
    expect(res.status).toBe(status);
    const h = res.headers;
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('x-frame-options')).toBe('DENY');
    expect(h.get('referrer-policy')).toBe('same-origin');
    const csp = h.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    // Served over plain HTTP on the office LAN: an upgrade would break every asset request.
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(h.get('strict-transport-security')).toBeNull();
    expect(h.get('x-powered-by')).toBeNull();
  });

  it('lets the configured tile server through img-src only', () => {
    expect(tileSource('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png')).toEqual([
      'https://*.tile.openstreetmap.org',
    ]);
    expect(tileSource('http://10.1.2.3:8080/tiles/{z}/{x}/{y}.png')).toEqual([
      'http://10.1.2.3:8080',
    ]);
    expect(tileSource(null)).toEqual([]);
  });
});

describe('CORS and cross-site requests', () => {
  it('answers a foreign origin without any CORS grant by default', async () => {
    const res = await apiFetch(`${api.url}/api/meta`, {
      headers: { origin: 'http://evil.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await apiFetch(`${api.url}/api/budget/simulate`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('refuses a cross-site write with 403 and the error shape', async () => {
    const res = await apiFetch(`${api.url}/api/budget/simulate`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: 'http://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expectErrorShape(await res.json(), 403);
    // The same request from the app's own page goes through.
    const own = await apiFetch(`${api.url}/api/budget/simulate`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: api.url,
        'sec-fetch-site': 'same-origin',
      },
      body: '{}',
    });
    expect(own.status).toBe(200);
  });

  it('grants exactly the origins of CORS_ORIGINS', async () => {
    await withBareApi({ CORS_ORIGINS: 'https://dasbor.kapuaskab.go.id' }, async (url) => {
      const ok = await apiFetch(`${url}/api/etl/status`, {
        headers: { origin: 'https://dasbor.kapuaskab.go.id' },
      });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://dasbor.kapuaskab.go.id');
      expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
      const other = await apiFetch(`${url}/api/etl/status`, {
        headers: { origin: 'https://evil.example' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  it('rejects a malformed CORS_ORIGINS at start-up', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path, *' })).toThrow(
      /CORS_ORIGINS=.*origin/,
    );
    expect(() => loadConfig({ RATE_LIMIT: 'banyak' })).toThrow(/RATE_LIMIT='banyak'/);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After beyond RATE_LIMIT per minute, web files unaffected', async () => {
    // 6: the helper's admin login is the first request of this address.
    await withBareApi({ RATE_LIMIT: '6' }, async (url) => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await apiFetch(`${url}/api/etl/status`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      const limited = await apiFetch(`${url}/api/etl/runs`);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      const body: Body = await limited.json();
      expectErrorShape(body, 429);
      expect(body.message).toMatch(/Terlalu banyak permintaan/);
      expect((await apiFetch(`${url}/`)).status).toBe(200);
    });
  });

  it('has a default generous enough for a dashboard (a burst of 300 requests)', async () => {
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        apiFetch(`${api.url}/api/indicators/pbi_dtks_pct/values?level=${i % 2 ? 'desa' : ''}`),
      ),
    );
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    expect(loadConfig({}).rateLimit).toBe(1200);
  });
});

describe('request bodies and errors', () => {
  it('refuses a body over 256 KiB with 413 before parsing it', async () => {
    const res = await postJson(`${api.url}/api/budget/simulate`, {
      period: 'x'.repeat(300 * 1024),
    });
    expect(res.status).toBe(413);
    expectErrorShape(res.body, 413);
  });

  it('keeps framework errors in the shape, without stack or paths', async () => {
    for (const [method, p, body] of [
      ['POST', '/api/budget/simulate', '{"a":'],
      ['PUT', '/api/meta', '{}'],
      ['GET', '/api/areas/%E0%A4%A', undefined],
    ] as const) {
      const res = await getJson(`${api.url}${p}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status, `${method} ${p}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${method} ${p}`).toBeLessThan(500);
      expectErrorShape(res.body, res.status);
    }
  });
});

describe('the built web app under the CSP (Debian chromium)', () => {
  const hasBrowser = existsSync(CHROMIUM) && existsSync(path.join(repoRoot, 'web/dist/index.html'));

  it.skipIf(!hasBrowser)('loads every page, map and charts without a CSP violation', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      // Runs in the page (a string: this file is compiled without the DOM library).
      await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) =>
        console.error('Refused to load (CSP ' + e.violatedDirective + '): ' + e.blockedURI));`);
      // The login page first, under the same policy; its session opens every page below.
      await page.goto(`${api.url}/masuk`);
      await page.getByTestId('login-username').fill('admin');
      await page.getByTestId('login-password').fill(TEST_ADMIN_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.waitForURL((u) => !u.pathname.startsWith('/masuk'));
      for (const route of [
        '/',
        '/kecamatan/62.03.01',
        '/rujukan',
        '/cakupan',
        '/anggaran',
        '/data',
        '/presentasi',
        '/pokja',
        '/api/docs',
      ]) {
        await page.goto(`${api.url}${route}`, { waitUntil: 'networkidle' });
      }
      await page.goto(`${api.url}/`, { waitUntil: 'networkidle' });
      // The choropleth (Leaflet, inline styles) and an ECharts canvas actually drew.
      await page.locator('path.leaflet-interactive').first().waitFor({ timeout: 20_000 });
      await page.locator('canvas').first().waitFor({ timeout: 20_000 });
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

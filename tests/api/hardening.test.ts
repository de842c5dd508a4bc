/**
 * HTTP hardening over real HTTP: security headers on every kind of response (API, web app,
 * errors), CORS closed unless CORS_ORIGINS names an origin, cross-site writes refused, a
 * per-client rate limit, the body size limit, and errors without internals.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config/config.js';
import { limitSlowBodies, tileSource } from '../../api/common/security.js';
import { repoRoot } from '../../api/common/paths.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/support/product.js';
import {
  apiFetch,
  type Body,
  getJson,
  postJson,
  requestFrom,
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
    ['/api/indicators/pbi_sasaran_pct/values?level=rt', 400],
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
    // As browsers send them: over reused connections (50 at a time here, each answer read so
    // its connection serves the next), not 300 sockets at once (MAX_CONNECTIONS_PER_IP).
    const statuses: number[] = [];
    for (let batch = 0; batch < 6; batch++)
      statuses.push(
        ...(await Promise.all(
          Array.from({ length: 50 }, async (_, i) => {
            const res = await apiFetch(
              `${api.url}/api/indicators/pbi_sasaran_pct/values?level=${i % 2 ? 'desa' : ''}`,
            );
            await res.arrayBuffer();
            return res.status;
          }),
        )),
      );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(loadConfig({}).rateLimit).toBe(1200);
  });
});

describe('connections per client address', () => {
  /** Opens `n` raw TCP connections from `from` and waits until each has connected or failed. */
  async function openSockets(port: number, n: number, from: string): Promise<Socket[]> {
    return Promise.all(
      Array.from(
        { length: n },
        () =>
          new Promise<Socket>((resolve) => {
            const socket = connect({ port, host: '127.0.0.1', localAddress: from });
            socket.on('error', () => undefined);
            socket.once('connect', () => resolve(socket));
            socket.once('close', () => resolve(socket));
          }),
      ),
    );
  }

  it('closes connections beyond MAX_CONNECTIONS_PER_IP at once; other addresses are served', async () => {
    await withBareApi({ MAX_CONNECTIONS_PER_IP: '10', RATE_LIMIT: '0' }, async (url) => {
      const port = Number(new URL(url).port);
      const sockets = await openSockets(port, 150, '127.0.0.5');
      // The server closes the excess as soon as it accepts them; give it a moment.
      await expect
        .poll(() => sockets.filter((s) => !s.destroyed && !s.readableEnded).length, {
          timeout: 10_000,
        })
        .toBeLessThanOrEqual(10);
      // The ones kept are real connections: one of them still gets an answer.
      const kept = sockets.filter((s) => !s.destroyed && !s.readableEnded);
      expect(kept.length).toBeGreaterThan(0);
      const answer = new Promise<string>((resolve) => {
        let text = '';
        kept[0]!.on('data', (d: Buffer) => (text += d.toString()));
        kept[0]!.once('close', () => resolve(text));
      });
      kept[0]!.write('GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(await answer).toMatch(/^HTTP\/1\.1 503/);
      // Another address is not affected by this one's connections.
      const other = await requestFrom('127.0.0.6', `${url}/api/health`);
      expect(other.status).toBe(503); // no warehouse in the bare app, but an answer
      for (const s of sockets) s.destroy();
      // Once they are closed, the first address is served again.
      await expect
        .poll(async () => (await requestFrom('127.0.0.5', `${url}/api/health`)).status, {
          timeout: 10_000,
        })
        .toBe(503);
    });
    expect(loadConfig({}).maxConnectionsPerIp).toBe(100);
    expect(() => loadConfig({ MAX_CONNECTIONS_PER_IP: 'banyak' })).toThrow(
      /MAX_CONNECTIONS_PER_IP='banyak'/,
    );
  });

  it('ends idle and slow connections on its own', async () => {
    const server = api.app.getHttpServer();
    expect(server.keepAliveTimeout).toBeLessThanOrEqual(5_000);
    expect(server.headersTimeout).toBeLessThanOrEqual(15_000);
    expect(server.timeout).toBeGreaterThan(0);
  });

  it('cuts a trickled body, but lets a slow upload through while it keeps moving', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    limitSlowBodies(server, { bodyMs: 400, stallMs: 400 });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    /** Sends a body in `chunks` pieces `gapMs` apart; resolves with the answer or 'cut'. */
    const send = (url: string, chunks: number, gapMs: number) =>
      new Promise<string>((resolve) => {
        const req = httpRequest(
          {
            port,
            host: '127.0.0.1',
            method: 'POST',
            path: url,
            headers: { 'content-length': String(chunks) },
          },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve(body));
          },
        );
        req.on('error', () => resolve('cut'));
        let sent = 0;
        const tick = setInterval(() => {
          if (req.destroyed) return clearInterval(tick);
          req.write('x');
          if (++sent === chunks) {
            clearInterval(tick);
            req.end();
          }
        }, gapMs);
      });
    try {
      // 10 bytes over ~1 s: a JSON route cuts it at 0.4 s; an upload route takes it.
      expect(await send('/api/budget/simulate', 10, 100)).toBe('cut');
      expect(await send('/api/uploads', 10, 100)).toBe('ok');
      // An upload that stops moving is cut.
      expect(await send('/api/uploads', 3, 900)).toBe('cut');
    } finally {
      server.close();
    }
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

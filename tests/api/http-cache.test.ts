/**
 * What a slow link gets from the server (api/common/http-cache.ts), over real HTTP: compressed
 * answers, ETags with 304 on a repeat, immutable hashed assets, a revalidated page shell and
 * service worker, quantized boundaries. Needs the built web app (npm test builds it first).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config/config.js';
import { apiFetch, startSampleApi, type RunningApi } from './support.js';

const webDir = loadConfig({}).webDir;
const hasWeb = existsSync(path.join(webDir, 'index.html'));

let api: RunningApi;

beforeAll(async () => {
  api = await startSampleApi('pokja-http-cache-');
});
afterAll(() => api?.close());

describe('HTTP caching and compression', () => {
  it('compresses API answers with brotli or gzip, as the client asks', async () => {
    const br = await apiFetch(`${api.url}/api/indicators`, {
      headers: { 'accept-encoding': 'br' },
    });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(((await br.json()) as { indicators: unknown[] }).indicators.length).toBeGreaterThan(5);
    const gz = await apiFetch(`${api.url}/api/indicators`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const plain = await apiFetch(`${api.url}/api/indicators`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
  });

  it('gives every figure an ETag and answers a repeat with 304 and no body', async () => {
    const url = `${api.url}/api/indicators/rujukan_masuk/values?level=desa&parent=62.03.01`;
    const first = await apiFetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await apiFetch(url, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // Another question, another tag.
    const other = await apiFetch(
      `${api.url}/api/indicators/rujukan_masuk/values?level=desa&parent=62.03.06`,
    );
    expect(other.headers.get('etag')).not.toBe(etag);
  });

  it('serves the boundaries quantized (integer arcs with a transform), revalidated by ETag', async () => {
    const res = await apiFetch(`${api.url}/api/geo`);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(res.headers.get('etag')).toBeTruthy();
    const topo = (await res.json()) as {
      transform?: { scale: number[]; translate: number[] };
      arcs: number[][][];
    };
    expect(topo.transform?.scale).toHaveLength(2);
    expect(topo.arcs.flat(2).every((n) => Number.isInteger(n))).toBe(true);
  });

  it.skipIf(!hasWeb)('marks hashed assets immutable and serves their brotli copy', async () => {
    const assets = readdirSync(path.join(webDir, 'assets'));
    const js = assets.find((f) => f.startsWith('index-') && f.endsWith('.js'))!;
    expect(assets).toContain(`${js}.br`);
    const res = await fetch(`${api.url}/assets/${js}`, { headers: { 'accept-encoding': 'br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect((await res.text()).length).toBeGreaterThan(10_000);
  });

  it.skipIf(!hasWeb)(
    'revalidates the page shell and the service worker on every visit',
    async () => {
      for (const p of ['/', '/kecamatan/62.03.01', '/sw.js']) {
        const res = await fetch(`${api.url}${p}`, { headers: { accept: 'text/html,*/*' } });
        expect(res.status, p).toBe(200);
        expect(res.headers.get('cache-control'), p).toBe('no-cache');
        await res.arrayBuffer();
      }
      const sw = await fetch(`${api.url}/sw.js`);
      expect(sw.headers.get('content-type')).toMatch(/javascript/);
      const text = await sw.text();
      // One classic script: no module syntax, so every browser can run it as a worker.
      expect(text).not.toMatch(/^\s*import\s|^export\s/m);
      expect(text).toContain('slrt-data-v1');
    },
  );
});

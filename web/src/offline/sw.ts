// The service worker (built to /sw.js, no imports): keeps the dashboard usable with no connection.
// - The page shell and the hashed assets are kept as they are fetched (assets never change).
// - Figures and boundaries (GET /api/… of the pages a user opened) are fetched from the network
//   first; only when the network fails or stays silent are they answered from the copy kept, marked
//   with OFFLINE_HEADER so the page can say "data per …, tanpa koneksi".
// - Nothing else is kept: no login, account, run, reject, audit or export answer; nothing is kept
//   that the page did not show. Logging out deletes the kept figures (stores/session.ts).
import { DATA_CACHE, OFFLINE_HEADER, SAVED_HEADER, SHELL_CACHE } from './caches.js';

declare const self: ServiceWorkerGlobalScope;

/** How long a figure request may stay unanswered before the kept copy is shown instead. */
const NETWORK_PATIENCE_MS = 10_000;

/** API paths whose answers are figures or maps of a page, never personal: kept for offline use. */
const KEPT_API = [
  /^\/api\/meta$/,
  /^\/api\/indicators(\/|$)/,
  /^\/api\/values$/,
  /^\/api\/series$/,
  /^\/api\/scorecard$/,
  /^\/api\/areas(\/|$)/,
  /^\/api\/geo$/,
  /^\/api\/rujukan\//,
  /^\/api\/coverage\//,
  /^\/api\/auth\/me$/,
];

self.addEventListener('install', () => {
  void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name !== SHELL_CACHE && name !== DATA_CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(shell(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
  } else if (url.pathname.startsWith('/api/') && KEPT_API.some((re) => re.test(url.pathname))) {
    if (url.searchParams.has('format') && url.searchParams.get('format') !== 'json') return;
    event.respondWith(figures(request));
  }
});

/** The page shell: from the network; offline, the last one fetched (any route shows the app). */
async function shell(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.headers.get('content-type')?.includes('text/html'))
      await cache.put('/', response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match('/');
    if (kept) return kept;
    throw error;
  }
}

/** Hashed assets never change: the kept copy when there is one, else the network (and keep it). */
async function asset(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function figures(request: Request): Promise<Response> {
  const cache = await caches.open(DATA_CACHE);
  const network = fetch(request).then(async (response) => {
    if (response.ok) {
      const headers = new Headers(response.headers);
      headers.set(SAVED_HEADER, new Date().toISOString());
      const body = await response.clone().arrayBuffer();
      await cache.put(request, new Response(body, { status: response.status, headers }));
    } else if (response.status === 401 || response.status === 403) {
      await cache.delete(request);
    }
    return response;
  });
  const kept = await cache.match(request);
  if (!kept) return network.catch(() => offlineAnswer());
  // With a kept copy, a network that fails or stays silent is answered from it.
  const headers = new Headers(kept.headers);
  headers.set(OFFLINE_HEADER, kept.headers.get(SAVED_HEADER) ?? '');
  const offline = new Response(kept.body, { status: kept.status, headers });
  const fallback = (): Response => offline;
  return Promise.race([
    network.catch(fallback),
    new Promise<Response>((resolve) => setTimeout(() => resolve(fallback()), NETWORK_PATIENCE_MS)),
  ]);
}

function offlineAnswer(): Response {
  return new Response(
    JSON.stringify({
      statusCode: 503,
      error: 'Offline',
      message:
        'Tanpa koneksi, dan halaman ini belum pernah dibuka di perangkat ini / offline, and this page was never opened on this device',
    }),
    { status: 503, headers: { 'content-type': 'application/json; charset=utf-8' } },
  );
}

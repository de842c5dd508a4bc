// The service worker (built to /sw.js, no imports): makes a repeat visit cost no round trip before
// the page is drawn, and keeps the dashboard usable with no connection (web/README.md, "Slow
// links").
// - The page shell and the hashed assets are answered from the copies kept here; the shell is
//   fetched again in the background (a new release shows on the next visit), assets never change.
// - Figures and boundaries (GET /api/… of the pages a user opened) are stale-while-revalidate: the
//   kept copy answers at once and the server is asked in the background (a conditional request:
//   a 304 while nothing was published). When its answer differs (another ETag: a new ETL run, a
//   new target, another boundary set) the copy is replaced and the page is told ('updated') and
//   asks again; when the server cannot be reached the page is told ('offline') and stamps the
//   figures "data per …, tanpa koneksi".
// - Nothing else is kept: no login, account change, run, reject, audit or export answer; nothing
//   the page did not show. Logging in or out deletes the kept figures (here and in
//   stores/session.ts), and so does a 401 from the server.
import {
  DATA_CACHE,
  type PageMessage,
  SAVED_HEADER,
  SHELL_CACHE,
  type WorkerMessage,
} from './caches.js';

declare const self: ServiceWorkerGlobalScope;

/** How long a revalidation may stay unanswered before the page is told it is offline. */
const NETWORK_PATIENCE_MS = 10_000;
/**
 * A copy confirmed this recently for the same page is not asked for again (a page asking twice,
 * or after 'updated'); another page, or the same one reloaded, asks again.
 */
const CONFIRMED_MS = 5_000;

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
/** Logging in or out starts another session: the kept figures were the previous one's. */
const SESSION_CHANGES = ['/api/auth/login', '/api/auth/logout'];
/** Paths the server answers with a file, not with the page shell (api/common/http-error.filter.ts). */
const FILE = /\.(js|mjs|css|map|json|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|txt|wasm)$/i;

/** Bumped when the session changes: answers that set out in an earlier one are not kept. */
let session = 0;
/** When each kept copy was last confirmed by the server for a page (client id, URL). */
const confirmed = new Map<string, number>();
const confirmedKey = (clientId: string, url: string) => `${clientId} ${url}`;

function markConfirmed(key: string): void {
  const now = Date.now();
  if (confirmed.size > 1000)
    for (const [k, at] of confirmed) if (now - at >= CONFIRMED_MS) confirmed.delete(k);
  confirmed.set(key, now);
}

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

function kept(url: URL): boolean {
  if (!url.pathname.startsWith('/api/') || !KEPT_API.some((re) => re.test(url.pathname)))
    return false;
  // Exports are recorded by the API where it serves them (api/auth/audit.interceptor.ts).
  if (url.searchParams.has('ekspor')) return false;
  return !url.searchParams.has('format') || url.searchParams.get('format') === 'json';
}

function shellPath(url: URL): boolean {
  return !url.pathname.startsWith('/api/') && !FILE.test(url.pathname);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && SESSION_CHANGES.includes(url.pathname)) {
    event.respondWith(sessionChange(request));
    return;
  }
  if (request.method !== 'GET') {
    // A change made from this app (an import, a rule, a target) may change what the server
    // answers: the copies confirmed before it are asked for again on their next use.
    confirmed.clear();
    return;
  }
  if (request.mode === 'navigate') {
    if (shellPath(url)) event.respondWith(shell(event));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
  } else if (kept(url)) {
    event.respondWith(figures(event));
  }
});

self.addEventListener('message', (event) => {
  const message = event.data as PageMessage | null;
  const source = event.source;
  if (message?.type !== 'keep' || !Array.isArray(message.urls)) return;
  event.waitUntil(
    keepFetched(message.urls).then(() => {
      if (source && 'postMessage' in source) source.postMessage({ type: 'kept' } as WorkerMessage);
    }),
  );
});

async function tell(clientId: string, message: WorkerMessage): Promise<void> {
  if (!clientId) return;
  const client = await self.clients.get(clientId);
  client?.postMessage(message);
}

async function forgetFigures(): Promise<void> {
  session++;
  confirmed.clear();
  await caches.delete(DATA_CACHE);
}

async function sessionChange(request: Request): Promise<Response> {
  const response = await fetch(request);
  if (response.ok) await forgetFigures();
  return response;
}

/** The page shell: the kept one at once (any route shows the app), refreshed in the background. */
async function shell(event: FetchEvent): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  const copy = await cache.match('/');
  // Read before the copy goes to the page, which consumes its body.
  const copyText = copy?.clone().text();
  const network = fetch(event.request).then(async (response) => {
    if (response.ok && response.headers.get('content-type')?.includes('text/html')) {
      const html = await response.clone().text();
      if (copyText && (await copyText) !== html) await forgetOldAssets(cache, html);
      await cache.put('/', response.clone());
    }
    return response;
  });
  if (!copy) return network;
  event.waitUntil(network.catch(() => undefined));
  return copy;
}

/**
 * A new release: the assets kept for the old one go, but those the new shell names. The others
 * are kept again as they are fetched (the browser's cache still has those that did not change).
 */
async function forgetOldAssets(cache: Cache, html: string): Promise<void> {
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !html.includes(path)) await cache.delete(request);
  }
}

/** Hashed assets never change: the kept copy when there is one, else the network (and keep it). */
async function asset(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  const copy = await cache.match(request);
  if (copy) return copy;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** Keeps an answer of the server, stamped with when it was fetched, unless the session changed. */
async function keep(request: Request | string, response: Response, since: number): Promise<void> {
  const headers = new Headers(response.headers);
  // The copy answers requests of any Accept or encoding: it is always this one answer.
  headers.delete('vary');
  const date = Date.parse(response.headers.get('date') ?? '');
  headers.set(SAVED_HEADER, new Date(Number.isNaN(date) ? Date.now() : date).toISOString());
  const body = await response.arrayBuffer();
  if (since !== session) return;
  const cache = await caches.open(DATA_CACHE);
  await cache.put(request, new Response(body, { status: response.status, headers }));
  // Logged out while it was being written: not kept after all.
  if (since !== session) await caches.delete(DATA_CACHE);
}

async function figures(event: FetchEvent): Promise<Response> {
  const request = event.request;
  const copy = await (await caches.open(DATA_CACHE)).match(request);
  if (!copy) return firstFetch(request, event.clientId);
  event.waitUntil(revalidate(request, copy, event.clientId));
  return copy;
}

/** Nothing kept yet: the network, and keep what it gives. */
async function firstFetch(request: Request, clientId: string): Promise<Response> {
  const since = session;
  let response: Response;
  try {
    response = await fetch(request);
  } catch {
    return offlineAnswer();
  }
  if (response.ok) {
    await keep(request, response.clone(), since);
    markConfirmed(confirmedKey(clientId, request.url));
  } else if (response.status === 401) await forgetFigures();
  return response;
}

/** Asks the server whether the copy shown is still current; tells the page what it found. */
async function revalidate(request: Request, copy: Response, clientId: string): Promise<void> {
  const key = confirmedKey(clientId, request.url);
  const last = confirmed.get(key);
  // Confirmed a moment ago, unless the browser says it has lost the network since: then ask, so
  // that the page learns it is offline (a reload right after the connection dropped).
  if (last !== undefined && Date.now() - last < CONFIRMED_MS && self.navigator.onLine) return;
  markConfirmed(key);
  const since = session;
  const savedAt = copy.headers.get(SAVED_HEADER);
  const silent = setTimeout(
    () => void tell(clientId, { type: 'offline', savedAt }),
    NETWORK_PATIENCE_MS,
  );
  let response: Response;
  try {
    // Through the browser's HTTP cache: a conditional request (If-None-Match), a 304 when unchanged.
    response = await fetch(request);
  } catch {
    confirmed.delete(key);
    await tell(clientId, { type: 'offline', savedAt });
    return;
  } finally {
    clearTimeout(silent);
  }
  const path = new URL(request.url).pathname + new URL(request.url).search;
  if (response.status === 401) {
    await forgetFigures();
    await tell(clientId, { type: 'unauthorized' });
  } else if (response.status === 403 || response.status === 404) {
    // No longer this account's to read (or no longer there): the page asks again and says so.
    await (await caches.open(DATA_CACHE)).delete(request);
    await tell(clientId, { type: 'updated', path });
  } else if (response.ok) {
    const etag = response.headers.get('etag');
    if (etag && etag === copy.headers.get('etag')) {
      await tell(clientId, { type: 'fresh' });
    } else {
      await keep(request, response, since);
      await tell(clientId, { type: 'updated', path });
    }
  } else {
    // 503 while a first warehouse is built, or a server error: the copy stays, asked again later.
    confirmed.delete(key);
  }
}

/**
 * The page fetched these before this worker was in control (its first visit): keep the figures,
 * the assets and the shell from the browser's HTTP cache, as they were shown, with no request.
 */
async function keepFetched(urls: string[]): Promise<void> {
  const since = session;
  const shellCache = await caches.open(SHELL_CACHE);
  for (const raw of urls.slice(0, 500)) {
    let url: URL;
    try {
      url = new URL(raw, self.location.origin);
    } catch {
      continue;
    }
    if (url.origin !== self.location.origin) continue;
    const asShell = !url.pathname.startsWith('/assets/') && shellPath(url);
    if (!asShell && !url.pathname.startsWith('/assets/') && !kept(url)) continue;
    const request = new Request(url, {
      cache: 'only-if-cached',
      mode: 'same-origin',
      headers: asShell ? { accept: 'text/html' } : {},
    });
    const key = asShell ? '/' : url.href;
    try {
      if (asShell || url.pathname.startsWith('/assets/')) {
        if (await shellCache.match(key)) continue;
        const response = await fetch(request);
        if (
          response.ok &&
          (!asShell || response.headers.get('content-type')?.includes('text/html'))
        )
          await shellCache.put(key, response);
      } else {
        if (await (await caches.open(DATA_CACHE)).match(key)) continue;
        const response = await fetch(request);
        if (response.ok) await keep(key, response, since);
      }
    } catch {
      // not in the browser's cache (any more): kept on its next fetch
    }
  }
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

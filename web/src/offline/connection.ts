// The page's side of the service worker (offline/sw.ts): whether the figures on screen came from
// the copies kept on this device and the server could not be reached, and since when they were
// kept (App.vue stamps the page "data per …, tanpa koneksi"); and what to ask again when the
// server has newer figures than the copies shown.
import { reactive, ref } from 'vue';
import { DATA_CACHE, type PageMessage, SAVED_HEADER, type WorkerMessage } from './caches.js';

export const connection = reactive({
  /** True while figures on screen are kept copies the server could not confirm. */
  offline: false,
  /** When the oldest copy shown was fetched (ISO), when known. */
  savedAt: null as string | null,
});

/**
 * Increases when the service worker reports newer figures than the copies shown: useAsync asks
 * again (the service worker then answers with the new copy).
 */
export const dataRevision = ref(0);

/** Called with every API answer (api/client.ts). */
export function noteAnswer(headers: Headers): void {
  // A kept copy says nothing about the connection: the service worker reports on it once the
  // server has been asked.
  if (headers.has(SAVED_HEADER)) return;
  connection.offline = false;
  connection.savedAt = null;
}

/** Called when a request could not reach the server at all. */
export function noteNoNetwork(): void {
  connection.offline = true;
}

export interface WorkerHandlers {
  /** The server has newer answers for these paths (pathname and query) than the copies shown. */
  updated: (paths: string[]) => void;
  /** The server no longer knows the session. */
  unauthorized: () => void;
}

/** Collects 'updated' messages arriving together into one round of asking again. */
const UPDATE_BATCH_MS = 50;

/** What the page does with a message of the service worker (exported for its tests). */
export function onWorkerMessage(message: WorkerMessage, handlers: WorkerHandlers): void {
  switch (message.type) {
    case 'kept':
      document.documentElement.dataset.offlineReady = '';
      break;
    case 'fresh':
      connection.offline = false;
      connection.savedAt = null;
      break;
    case 'offline':
      connection.offline = true;
      if (message.savedAt && (!connection.savedAt || message.savedAt < connection.savedAt))
        connection.savedAt = message.savedAt;
      break;
    case 'updated':
      connection.offline = false;
      connection.savedAt = null;
      updatedPaths.add(message.path);
      updateTimer ??= setTimeout(() => {
        const paths = [...updatedPaths];
        updatedPaths.clear();
        updateTimer = null;
        handlers.updated(paths);
        dataRevision.value++;
      }, UPDATE_BATCH_MS);
      break;
    case 'unauthorized':
      handlers.unauthorized();
      break;
  }
}
const updatedPaths = new Set<string>();
let updateTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * On its first visit the page fetched its shell, assets and figures before the service worker
 * was in control: the worker keeps them from the browser's cache (no request), so that the next
 * visit is drawn from them. Requests still under way then are passed on as they finish.
 */
function keepWhatWasFetched(worker: ServiceWorker): void {
  const urls = (entries: PerformanceEntryList) =>
    entries
      .filter((e) => (e as PerformanceResourceTiming).workerStart === 0)
      .map((e) => e.name)
      .filter((u) => u.startsWith(location.origin));
  const post = (list: string[]) => {
    if (list.length) worker.postMessage({ type: 'keep', urls: list } satisfies PageMessage);
  };
  post([location.href, ...urls(performance.getEntriesByType('resource'))]);
  const observer = new PerformanceObserver((list) => post(urls(list.getEntries())));
  observer.observe({ type: 'resource' });
  setTimeout(() => observer.disconnect(), 60_000);
}

/** Starts the service worker where the browser allows one (HTTPS or localhost). */
export function registerServiceWorker(handlers: WorkerHandlers): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  const container = navigator.serviceWorker;
  container.addEventListener('message', (e: MessageEvent<WorkerMessage>) => {
    if (e.data && typeof e.data === 'object') onWorkerMessage(e.data, handlers);
  });
  if (container.controller) document.documentElement.dataset.offlineReady = '';
  else
    container.addEventListener(
      'controllerchange',
      () => {
        if (container.controller) keepWhatWasFetched(container.controller);
      },
      { once: true },
    );
  const register = () => void container.register('/sw.js').catch(() => undefined);
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register);
}

/** Logging in or out: the figures kept for offline use go with the session. */
export async function forgetOfflineCopies(): Promise<void> {
  connection.offline = false;
  connection.savedAt = null;
  if (typeof caches === 'undefined') return;
  await caches.delete(DATA_CACHE).catch(() => false);
}

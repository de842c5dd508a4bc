// Whether the figures on screen came from the copies kept for offline use (offline/sw.ts), and
// since when they were kept; App.vue stamps the page with it ("data per …, tanpa koneksi").
import { reactive } from 'vue';
import { DATA_CACHE, OFFLINE_HEADER } from './caches.js';

export const connection = reactive({
  /** True after an answer came from the offline copy, until the network answers again. */
  offline: false,
  /** When the copy shown was fetched (ISO), when known. */
  savedAt: null as string | null,
});

/** Called with every API answer (api/client.ts). */
export function noteAnswer(headers: Headers): void {
  const saved = headers.get(OFFLINE_HEADER);
  if (saved !== null) {
    connection.offline = true;
    if (saved && (!connection.savedAt || saved < connection.savedAt)) connection.savedAt = saved;
  } else {
    connection.offline = false;
    connection.savedAt = null;
  }
}

/** Called when a request could not reach the server at all. */
export function noteNoNetwork(): void {
  connection.offline = true;
}

/** Starts the service worker where the browser allows one (HTTPS or localhost). */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  });
}

/** Logging out: the figures kept for offline use go with the session. */
export async function forgetOfflineCopies(): Promise<void> {
  connection.offline = false;
  connection.savedAt = null;
  if (typeof caches === 'undefined') return;
  await caches.delete(DATA_CACHE).catch(() => false);
}

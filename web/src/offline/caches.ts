// The names of the offline copies and the messages between the pages and the service worker
// (offline/sw.ts keeps the copies; logging in or out deletes the figures).
export const SHELL_CACHE = 'slrt-shell-v1';
export const DATA_CACHE = 'slrt-data-v1';
/** Header of every kept copy: when this device fetched or last confirmed it (ISO). */
export const SAVED_HEADER = 'x-saved-at';

/** What the service worker tells a page about the kept copies it was answered from. */
export type WorkerMessage =
  /** The copies of what the page fetched before the worker was in control are kept. */
  | { type: 'kept' }
  /** The server confirmed a kept copy (or sent a newer one): the connection works. */
  | { type: 'fresh' }
  /** A kept copy was shown and the server could not be reached (or stayed silent). */
  | { type: 'offline'; savedAt: string | null }
  /** The server has newer figures than the kept copy shown for `path` (pathname and query). */
  | { type: 'updated'; path: string }
  /** The server no longer knows the session: the kept figures are deleted. */
  | { type: 'unauthorized' };

/** What a page tells the service worker. */
export interface PageMessage {
  /** Keep what the page fetched before the worker was in control, from the browser's cache. */
  type: 'keep';
  urls: string[];
}

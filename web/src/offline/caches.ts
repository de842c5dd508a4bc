// The names of the offline copies (offline/sw.ts keeps them; logging out deletes the figures).
export const SHELL_CACHE = 'slrt-shell-v1';
export const DATA_CACHE = 'slrt-data-v1';
/** Header the service worker puts on a kept figure answered while the network is down. */
export const OFFLINE_HEADER = 'x-offline-saved-at';
/** Header of every kept copy: when it was fetched. */
export const SAVED_HEADER = 'x-saved-at';

import { afterEach, describe, expect, it } from 'vitest';
import { SAVED_HEADER } from './caches.js';
import { connection, dataRevision, noteAnswer, onWorkerMessage } from './connection.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder() {
  const updated: string[][] = [];
  let unauthorized = 0;
  return {
    updated,
    unauthorizedCount: () => unauthorized,
    handlers: {
      updated: (paths: string[]) => updated.push(paths),
      unauthorized: () => unauthorized++,
    },
  };
}

afterEach(() => {
  connection.offline = false;
  connection.savedAt = null;
});

describe('the page side of the service worker', () => {
  it('stamps the page offline with the oldest copy shown, until the server answers again', () => {
    const r = recorder();
    onWorkerMessage({ type: 'offline', savedAt: '2026-06-02T08:00:00.000Z' }, r.handlers);
    onWorkerMessage({ type: 'offline', savedAt: '2026-06-01T08:00:00.000Z' }, r.handlers);
    onWorkerMessage({ type: 'offline', savedAt: '2026-06-03T08:00:00.000Z' }, r.handlers);
    expect(connection).toMatchObject({ offline: true, savedAt: '2026-06-01T08:00:00.000Z' });
    // A kept copy answering a request says nothing about the connection…
    noteAnswer(new Headers({ [SAVED_HEADER]: '2026-06-01T08:00:00.000Z' }));
    expect(connection.offline).toBe(true);
    // …the server confirming a copy, or answering itself, does.
    onWorkerMessage({ type: 'fresh' }, r.handlers);
    expect(connection).toMatchObject({ offline: false, savedAt: null });
    onWorkerMessage({ type: 'offline', savedAt: null }, r.handlers);
    noteAnswer(new Headers({ 'content-type': 'application/json' }));
    expect(connection.offline).toBe(false);
  });

  it('asks again once for newer figures reported together, and leaves the rest alone', async () => {
    const r = recorder();
    const revision = dataRevision.value;
    onWorkerMessage({ type: 'updated', path: '/api/meta' }, r.handlers);
    onWorkerMessage({ type: 'updated', path: '/api/scorecard?area=62.03' }, r.handlers);
    onWorkerMessage({ type: 'updated', path: '/api/meta' }, r.handlers);
    expect(r.updated).toEqual([]);
    await sleep(120);
    expect(r.updated).toEqual([['/api/meta', '/api/scorecard?area=62.03']]);
    expect(dataRevision.value).toBe(revision + 1);
    onWorkerMessage({ type: 'fresh' }, r.handlers);
    await sleep(120);
    expect(dataRevision.value).toBe(revision + 1);
  });

  it('passes an ended session on and marks the page ready once its copies are kept', () => {
    const r = recorder();
    onWorkerMessage({ type: 'unauthorized' }, r.handlers);
    expect(r.unauthorizedCount()).toBe(1);
    delete document.documentElement.dataset.offlineReady;
    onWorkerMessage({ type: 'kept' }, r.handlers);
    expect(document.documentElement.dataset.offlineReady).toBe('');
  });
});

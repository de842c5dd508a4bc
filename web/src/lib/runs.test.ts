import { describe, expect, it } from 'vitest';
import { runFeedRows, runTotal } from './runs.js';

const RUN = {
  feeds: {
    dtks: { files: 1, rows_read: 10, rows_loaded: 9, rows_rejected: 1, rejects: { DUPLIKAT: 1 } },
    bpjs_kesehatan: { files: 2, rows_read: 5, rows_loaded: 5, rows_rejected: 0, rejects: {} },
    pkh: { files: 0, rows_read: 0, rows_loaded: 0, rows_rejected: 0, rejects: {} },
    // A summary cut short by a kill may miss counts: they count as 0.
    rujukan: { files: 1 },
  },
};

describe('run summary counts', () => {
  it('sums a count over the feeds', () => {
    expect(runTotal(RUN, 'rows_loaded')).toBe(14);
    expect(runTotal(RUN, 'files')).toBe(4);
    expect(runTotal(null, 'files')).toBe(0);
  });
  it('gives one row per feed the run read', () => {
    expect(runFeedRows(RUN)).toEqual([
      { feed: 'dtks', files: 1, rows_read: 10, rows_loaded: 9, rows_rejected: 1 },
      { feed: 'bpjs_kesehatan', files: 2, rows_read: 5, rows_loaded: 5, rows_rejected: 0 },
      { feed: 'rujukan', files: 1, rows_read: 0, rows_loaded: 0, rows_rejected: 0 },
    ]);
  });
});

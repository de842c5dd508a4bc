// A run summary's counts as the Data page shows them: per run (the history table) and per feed
// (the result of a load). etl/README.md describes the summary.
import type { FeedRunSummary, RunSummary } from '../api/client.js';

type Count = 'files' | 'rows_read' | 'rows_loaded' | 'rows_rejected';

const feedsOf = (run: Pick<RunSummary, 'feeds'> | null | undefined) =>
  Object.entries((run?.feeds ?? {}) as Record<string, Partial<FeedRunSummary>>);

const count = (f: Partial<FeedRunSummary>, key: Count) =>
  typeof f[key] === 'number' ? (f[key] as number) : 0;

/** A count summed over the run's feeds. */
export function runTotal(run: Pick<RunSummary, 'feeds'> | null | undefined, key: Count): number {
  return feedsOf(run).reduce((s, [, f]) => s + count(f, key), 0);
}

/** One row per feed the run read: files, rows read, loaded and rejected. */
export function runFeedRows(run: Pick<RunSummary, 'feeds'> | null | undefined): {
  feed: string;
  files: number;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
}[] {
  return feedsOf(run)
    .map(([feed, f]) => ({
      feed,
      files: count(f, 'files'),
      rows_read: count(f, 'rows_read'),
      rows_loaded: count(f, 'rows_loaded'),
      rows_rejected: count(f, 'rows_rejected'),
    }))
    .filter((r) => r.files > 0 || r.rows_read > 0);
}

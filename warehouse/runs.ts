/**
 * The run history: one summary per ETL run, `<data>/lake/_runs/<run_id>.json` (written by the ETL
 * to a temporary file and renamed into place, warehouse/publish.ts), read by the ETL and the API. The
 * shape is described in etl/README.md; the warehouse loads the same files into `etl_runs`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { dataFolder } from './data-folder.js';
import type { lakeFeeds } from './lake.js';
import type { ImportLogEntry } from './agregat-marts.js';

/**
 * A feed as runs report it (etl/feeds.ts names the same eight): a lake table, except the two
 * tables of the DTSEN feed, which a run counts together under `dtsen`.
 */
export type ReportedFeedName =
  Exclude<keyof typeof lakeFeeds, 'dtsen_keluarga' | 'dtsen_anggota'> | 'dtsen';

/**
 * RUNNING while under way; SUCCESS published; FAILED nothing published; MENUNGGU_PERSETUJUAN held
 * by the publish guard until an admin decides; DITOLAK held and then rejected by an admin.
 */
export const RUN_STATUSES = [
  'RUNNING',
  'SUCCESS',
  'FAILED',
  'MENUNGGU_PERSETUJUAN',
  'DITOLAK',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface FeedSummary {
  files: number;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  rejects: Record<string, number>;
  /** Wall-clock seconds to read, validate and stage this feed. */
  seconds: number;
  /** dtsen: member rows loaded whose (periode, no_kk) has no family row (docs/registry.md). */
  anggota_tanpa_keluarga?: number;
  /** Stored rows kept in slices that files in `gabung/` merged into (etl/README.md). */
  rows_kept?: number;
}

/** An indicator's kabupaten value, latest period, against the published warehouse (compare.ts). */
export interface IndicatorChange {
  indicator_id: string;
  previous_period: string | null;
  previous: number | null;
  period: string | null;
  current: number | null;
  change_pct: number | null;
  flagged: boolean;
}

/** A figure the publish guard (warehouse/guard.ts) found fallen. */
export interface GuardDifference {
  indicator_id: string;
  period: string;
  /** The served region's level (kabupaten or provinsi), or one below it for a count. */
  level: 'provinsi' | 'kabupaten' | 'kecamatan';
  area_code: string;
  previous: number;
  current: number | null;
  change_pct: number | null;
  /** `TURUN`: fell by more than the share; `KOSONG`: a slice that had rows has none. */
  reason: 'TURUN' | 'KOSONG';
}

export interface GuardResult {
  drop_share: number;
  held: boolean;
  differences: GuardDifference[];
}

/** An inbox file a run did not take, with the reason (etl/inbox.ts). */
export interface WaitingFile {
  feed: string;
  file: string;
  reason: string;
}

// A type alias (not an interface): a summary is also a plain JSON record for the API's DTO.
export type RunSummary = {
  run_id: string;
  status: RunStatus;
  as_of: string;
  region_code: string;
  started_at: string;
  finished_at: string | null;
  error?: string;
  feeds: Partial<Record<ReportedFeedName, FeedSummary>>;
  stage_seconds: Record<string, number>;
  marts?: Record<string, number>;
  changes?: IndicatorChange[];
  /** The publish guard's comparison (warehouse/guard.ts). */
  guard?: GuardResult;
  /** An admin's decision on a held run. */
  decision?: { action: 'DITERIMA' | 'DITOLAK'; by: string; at: string };
  /** Set when the next run (or the API's start-up) completed this run's publish after a kill. */
  recovered_at?: string;
  /** Inbox files not taken in this run (still being written, `.part`), with the reason. */
  waiting?: WaitingFile[];
  /** What the operator should fix in the inbox (misnamed feed folders, stray files). */
  warnings?: string[];
  /** Peak resident memory of the ETL process, MiB (DuckDB included). */
  peak_rss_mib?: number;
  /** CPU seconds of the ETL process (user + system, all threads). */
  cpu_seconds?: number;
  /** CPU seconds per stage (user + system, all threads), as `stage_seconds`; older summaries lack it. */
  stage_cpu_seconds?: Record<string, number>;
  /**
   * The version of the maps for uploaded files the run applied (etl/mappings.ts; 0: none saved).
   * Summaries written before the maps existed lack it.
   */
  mappings_version?: number;
  /** A province's import of a kabupaten package (warehouse/agregat.ts): the import log entry. */
  agregat?: ImportLogEntry;
};

/** A summary file; null when it does not parse (a run killed while writing it) or is no summary. */
async function readSummaryFile(file: string): Promise<RunSummary | null> {
  try {
    const summary = JSON.parse(await readFile(file, 'utf8')) as RunSummary | null;
    return typeof summary?.run_id === 'string' ? summary : null;
  } catch {
    return null;
  }
}

/** One run's summary, or null (none, or unreadable). */
export function readRunSummary(dataDir: string, runId: string): Promise<RunSummary | null> {
  return readSummaryFile(dataFolder(dataDir).runSummary(runId));
}

interface Cached {
  mtimeMs: number;
  size: number;
  summary: RunSummary | null;
}

/**
 * The run history of a data folder, read once and kept: the API's health check and status page
 * ask on every call, unauthenticated monitors poll them, and after three years of nightly runs
 * (~1,100 summaries) parsing them all per call took seconds under load. A call costs one stat of
 * the folder; only when its mtime changed (a summary was added, replaced or removed — every write
 * is a rename into the folder) is the folder listed again, and then only new or changed files are
 * read. `invalidate()` (the API's runner, when a run ends) forces that check on the next call.
 */
export class RunHistory {
  private readonly dir: string;
  private readonly files = new Map<string, Cached>();
  private dirMtime: number | null = null;
  private sorted: RunSummary[] = [];
  private refreshing: Promise<void> | null = null;

  constructor(dataDir: string) {
    this.dir = dataFolder(dataDir).runs;
  }

  /** Forget what the folder looked like: the next call lists it again. */
  invalidate(): void {
    this.dirMtime = null;
  }

  /** Newest first (run ids sort by time). Unreadable files are skipped, not fatal. */
  async list(): Promise<RunSummary[]> {
    let mtime: number;
    try {
      mtime = (await stat(this.dir)).mtimeMs;
    } catch {
      this.files.clear();
      this.sorted = [];
      this.dirMtime = null;
      return [];
    }
    if (mtime !== this.dirMtime) {
      // One refresh at a time; concurrent callers share it.
      this.refreshing ??= this.refresh(mtime).finally(() => (this.refreshing = null));
      await this.refreshing;
    }
    return this.sorted;
  }

  private async refresh(mtime: number): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((f) => f.endsWith('.json'));
    } catch {
      names = [];
    }
    const present = new Set(names);
    for (const name of this.files.keys()) if (!present.has(name)) this.files.delete(name);
    await Promise.all(
      names.map(async (name) => {
        const file = path.join(this.dir, name);
        try {
          const s = await stat(file);
          const known = this.files.get(name);
          if (known && known.mtimeMs === s.mtimeMs && known.size === s.size) return;
          this.files.set(name, {
            mtimeMs: s.mtimeMs,
            size: s.size,
            summary: await readSummaryFile(file),
          });
        } catch {
          this.files.delete(name);
        }
      }),
    );
    this.sorted = [...this.files.values()]
      .map((c) => c.summary)
      .filter((r): r is RunSummary => r !== null)
      .sort((a, b) => b.run_id.localeCompare(a.run_id));
    this.dirMtime = mtime;
  }
}

/** Every run of a data folder, newest first; unreadable summaries are skipped. */
export function listRuns(dataDir: string): Promise<RunSummary[]> {
  return new RunHistory(dataDir).list();
}

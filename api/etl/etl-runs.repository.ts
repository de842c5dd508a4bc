/**
 * Run history as the ETL writes it beside the lake: `<data>/lake/_runs/<run_id>.json` (written
 * to a temporary file and renamed into place, etl/run.ts).
 *
 * Read once and kept: the health check and the status page ask on every call, unauthenticated
 * monitors poll them, and after three years of nightly runs (~1,100 summaries) parsing them all
 * per call took seconds under load. A call costs one stat of the folder; only when its mtime
 * changed (a summary was added, replaced or removed — every write is a rename into the folder)
 * is the folder listed again, and then only new or changed files are read. `invalidate()` (the
 * runner, when a run ends) forces that check on the next call.
 */
import { Inject, Injectable } from '@nestjs/common';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { dataFolder } from '../../warehouse/data-folder.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

export type RunSummary = Record<string, unknown> & { run_id: string; status: string };

interface Cached {
  mtimeMs: number;
  size: number;
  summary: RunSummary | null;
}

@Injectable()
export class EtlRunsRepository {
  private readonly dir: string;
  private readonly files = new Map<string, Cached>();
  private dirMtime: number | null = null;
  private sorted: RunSummary[] = [];
  private refreshing: Promise<void> | null = null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.dir = dataFolder(config.dataDir).runs;
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
          let summary: RunSummary | null = null;
          try {
            summary = JSON.parse(await readFile(file, 'utf8')) as RunSummary;
            if (typeof summary?.run_id !== 'string') summary = null;
          } catch {
            summary = null;
          }
          this.files.set(name, { mtimeMs: s.mtimeMs, size: s.size, summary });
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

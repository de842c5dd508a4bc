/** Run history as the ETL writes it beside the lake: `<data>/lake/_runs/<run_id>.json`. */
import { Inject, Injectable } from '@nestjs/common';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

export type RunSummary = Record<string, unknown> & { run_id: string; status: string };

@Injectable()
export class EtlRunsRepository {
  private readonly dir: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.dir = path.join(config.dataDir, 'lake', '_runs');
  }

  /** Newest first (run ids sort by time). Unreadable files are skipped, not fatal. */
  async list(): Promise<RunSummary[]> {
    let files: string[];
    try {
      files = (await readdir(this.dir)).filter((f) => f.endsWith('.json'));
    } catch {
      return [];
    }
    const runs = await Promise.all(
      files.map(async (f) => {
        try {
          return JSON.parse(await readFile(path.join(this.dir, f), 'utf8')) as RunSummary;
        } catch {
          return null;
        }
      }),
    );
    return runs
      .filter((r): r is RunSummary => r !== null && typeof r.run_id === 'string')
      .sort((a, b) => b.run_id.localeCompare(a.run_id));
  }
}

/**
 * Runs the ETL as a child process (`node dist/etl/cli.js … --json --progress jsonl`), so a crash or
 * a memory-hungry load never takes the API down. One runner for the nightly job, the admin trigger
 * and the first start: an in-process flag prevents overlap here, the ETL's own lock file prevents
 * it across processes. On success the warehouse is re-read at once.
 */
import { ConflictException, Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { isProvinceCode } from '../../warehouse/agregat-marts.js';
import { repoRoot } from '../common/paths.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { WarehouseService } from '../warehouse/warehouse.service.js';
import { EtlRunsRepository } from './etl-runs.repository.js';

export const ETL_CLI = path.join(repoRoot, 'dist', 'etl', 'cli.js');
export const DEMO_CLI = path.join(repoRoot, 'dist', 'etl', 'demo', 'cli.js');
/** The province demo (etl/demo/province.ts): two kabupaten made, exported and imported. */
export const PROVINCE_DEMO_CLI = path.join(repoRoot, 'dist', 'etl', 'demo', 'province.js');

/** True when the folder (recursively) holds any file that is not hidden. */
export function hasFiles(dir: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { withFileTypes: true }).some((e) =>
    e.isDirectory() ? hasFiles(path.join(dir, e.name)) : !e.name.startsWith('.'),
  );
}

export interface Progress {
  feed: string | null;
  file: string | null;
  stage: string;
  rows: number | null;
  message: string | null;
}

export interface RunOutcome {
  ok: boolean;
  summary: Record<string, unknown> | null;
  error: string | null;
}

export type Trigger = 'cron' | 'manual' | 'startup';

function toProgress(line: string): Progress | null {
  try {
    const e = JSON.parse(line) as Record<string, unknown>;
    if (typeof e.stage !== 'string') return null;
    return {
      feed: typeof e.feed === 'string' ? e.feed : null,
      file: typeof e.file === 'string' ? e.file : null,
      stage: e.stage,
      rows: typeof e.rows === 'number' ? e.rows : null,
      message: typeof e.message === 'string' ? e.message : null,
    };
  } catch {
    return null;
  }
}

@Injectable()
export class EtlRunnerService implements OnModuleDestroy {
  private readonly logger = new Logger('EtlRunner');
  private child: ChildProcess | null = null;
  private current: Promise<RunOutcome> | null = null;
  trigger: Trigger | null = null;
  startedAt: string | null = null;
  progress: Progress | null = null;
  lastOutcome: RunOutcome | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly warehouse: WarehouseService,
    private readonly runs: EtlRunsRepository,
  ) {}

  get running(): boolean {
    return this.current !== null;
  }

  /**
   * Starts a run; throws 409 if one is under way. Resolves when it has finished. With
   * `demoFirst`, the Kapuas demo inbox is written first (fresh clone), within the same run slot.
   */
  start(trigger: Trigger, options: { demoFirst?: boolean } = {}): Promise<RunOutcome> {
    if (this.current) {
      throw new ConflictException(
        `ETL sedang berjalan sejak ${this.startedAt}; tunggu sampai selesai (lihat /api/etl/status) / an ETL run is under way`,
      );
    }
    this.trigger = trigger;
    this.startedAt = new Date().toISOString();
    this.progress = null;
    this.current = this.execute(options.demoFirst ?? false).finally(() => {
      this.current = null;
      this.child = null;
      this.runs.invalidate();
    });
    return this.current;
  }

  onModuleDestroy(): void {
    this.child?.kill('SIGTERM');
  }

  private async execute(demoFirst: boolean): Promise<RunOutcome> {
    if (demoFirst && isProvinceCode(this.config.regionCode)) {
      // A province holds figures only: the demo imports two kabupaten packages, no ETL of its own.
      this.progress = {
        feed: null,
        file: null,
        stage: 'demo',
        rows: null,
        message: `Membuat demo provinsi ${this.config.regionCode}`,
      };
      const args = ['--data', this.config.dataDir, '--provinsi', this.config.regionCode];
      if (this.config.asOf) args.push('--as-of', this.config.asOf);
      const outcome = await this.spawnJson(PROVINCE_DEMO_CLI, args);
      this.lastOutcome = outcome.ok
        ? outcome
        : { ...outcome, error: `Demo provinsi gagal: ${outcome.error}` };
      if (outcome.ok) await this.warehouse.refresh();
      else this.logger.error(this.lastOutcome.error ?? '');
      return this.lastOutcome;
    }
    if (demoFirst) {
      const demo = await this.writeDemoInbox();
      if (!demo.ok) {
        this.lastOutcome = { ...demo, error: `Data demo gagal dibuat: ${demo.error}` };
        return this.lastOutcome;
      }
    }
    const args = [
      '--inbox',
      this.config.inboxDir,
      '--data',
      this.config.dataDir,
      '--region',
      this.config.regionCode,
    ];
    args.push('--json', '--progress', 'jsonl');
    if (this.config.asOf) args.push('--as-of', this.config.asOf);
    const outcome = await this.spawnJson(ETL_CLI, args);
    this.lastOutcome = outcome;
    if (outcome.ok) await this.warehouse.refresh();
    else if (outcome.summary?.status === 'MENUNGGU_PERSETUJUAN')
      // Held by the publish guard (exit 3): the previous warehouse serves until an admin decides.
      this.logger.warn(`ETL ditahan: ${outcome.error ?? ''}`);
    else this.logger.error(`ETL gagal: ${outcome.error ?? 'tanpa keterangan'}`);
    return outcome;
  }

  /**
   * Writes the demo inbox beside the real one and renames it into place when complete, so that
   * an interrupted first start never leaves a half-written inbox behind (the inbox is empty here).
   */
  private async writeDemoInbox(): Promise<RunOutcome> {
    this.progress = {
      feed: null,
      file: null,
      stage: 'demo',
      rows: null,
      message: 'Membuat data demo Kapuas',
    };
    const partial = `${this.config.inboxDir}.demo-partial`;
    await rm(partial, { recursive: true, force: true });
    const demo = await this.spawnJson(DEMO_CLI, ['--out', partial]);
    // Never overwrite exports someone dropped meanwhile: then the demo is simply not used.
    if (demo.ok && !hasFiles(this.config.inboxDir)) {
      await rm(this.config.inboxDir, { recursive: true, force: true });
      await rename(partial, this.config.inboxDir);
    } else await rm(partial, { recursive: true, force: true });
    return demo;
  }

  private spawnJson(script: string, args: string[]): Promise<RunOutcome> {
    if (!existsSync(script)) {
      const error = `${path.relative(repoRoot, script)} belum dibangun; jalankan npm run build:server`;
      return Promise.resolve({ ok: false, summary: null, error });
    }
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [script, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.child = child;
      let stdout = '';
      const errors: string[] = [];
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      createInterface({ input: child.stderr! }).on('line', (line) => {
        const progress = toProgress(line);
        // The province demo's steps (etl/demo/province.ts) are few and slow: logged too.
        if (progress?.stage === 'demo' && progress.message) this.logger.log(progress.message);
        if (progress) this.progress = progress;
        else if (line.trim()) errors.push(line.trim());
      });
      child.on('error', (error) => resolve({ ok: false, summary: null, error: error.message }));
      child.on('close', (code) => {
        let summary: Record<string, unknown> | null = null;
        try {
          summary = stdout.trim()
            ? (JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>)
            : null;
        } catch {
          summary = null;
        }
        const error =
          code === 0
            ? null
            : String(summary?.error ?? errors.slice(-3).join(' ') ?? `kode keluar ${code}`);
        resolve({ ok: code === 0, summary, error });
      });
    });
  }
}

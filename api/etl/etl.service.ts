/**
 * Run history, live status, feed freshness and rejects. A feed is stale when its newest period is
 * older, relative to the as-of date, than its delivery rhythm allows (STALE_AFTER_DAYS).
 */
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { acceptHeldRun, heldRun, HeldRunError, rejectHeldRun } from '../../warehouse/publish.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { badRequest } from '../common/params.js';
import { MetaRepository } from '../warehouse/meta.repository.js';
import { WarehouseService } from '../warehouse/warehouse.service.js';
import type {
  EtlStatusDto,
  FreshnessDto,
  HeldRunDto,
  LastRunDto,
  QualityDto,
  QualityReleaseDto,
  RejectsDto,
  RunSummaryDto,
} from './etl.dto.js';
import { EtlRunnerService } from './etl-runner.service.js';
import { EtlRunsRepository } from './etl-runs.repository.js';
import { EtlSchedulerService } from './etl-scheduler.service.js';
import { EtlRepository } from './etl.repository.js';

export const STALE_AFTER_DAYS: Record<string, number> = {
  rujukan: 31, // daily complaints, exported monthly at least
  dtks: 62, // monthly snapshots
  dtsen: 150, // BPS releases every few months
  bpjs_kesehatan: 62,
  bpjs_ketenagakerjaan: 62,
  pkh: 456, // yearly (tahun/tahap), a new year is late after ~15 months
  penduduk: 456,
  puskesos: 456,
};
const FEEDS = Object.keys(STALE_AFTER_DAYS);
const DAY_MS = 86_400_000;

function summaryDto(r: Record<string, unknown>): RunSummaryDto {
  return {
    ...r,
    run_id: String(r.run_id),
    status: String(r.status),
    as_of: (r.as_of as string | undefined) ?? null,
    started_at: (r.started_at as string | undefined) ?? null,
    finished_at: (r.finished_at as string | undefined) ?? null,
    feeds: (r.feeds as Record<string, unknown> | undefined) ?? {},
  };
}

/** Status and times of a run, nothing of its figures (every role reads /api/etl/status). */
function lastRunDto(r: Record<string, unknown>): LastRunDto {
  const s = summaryDto(r);
  return {
    run_id: s.run_id,
    status: s.status,
    as_of: s.as_of,
    started_at: s.started_at,
    finished_at: s.finished_at,
  };
}

@Injectable()
export class EtlService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runs: EtlRunsRepository,
    private readonly runner: EtlRunnerService,
    private readonly scheduler: EtlSchedulerService,
    private readonly repo: EtlRepository,
    private readonly metaRepo: MetaRepository,
    private readonly warehouse: WarehouseService,
  ) {}

  async list(): Promise<{ runs: RunSummaryDto[] }> {
    return { runs: (await this.runs.list()).map(summaryDto) };
  }

  async status(): Promise<EtlStatusDto> {
    const [last] = await this.runs.list();
    return {
      running: this.runner.running,
      trigger: this.runner.running ? this.runner.trigger : null,
      started_at: this.runner.running ? this.runner.startedAt : null,
      progress: this.runner.running ? this.runner.progress : null,
      last_run: last ? lastRunDto(last) : null,
      last_error: this.runner.lastOutcome?.ok === false ? this.runner.lastOutcome.error : null,
      next_run: this.scheduler.nextRun(),
    };
  }

  /** Starts a run in the background (202); 409 when one is under way. Hook for admin auth later. */
  trigger(): { started: boolean } {
    void this.runner.start('manual');
    return { started: true };
  }

  async held(): Promise<HeldRunDto> {
    const journal = await heldRun(this.config.dataDir);
    if (!journal) return { run: null, drop_share: null, differences: [] };
    return {
      run: summaryDto(journal.summary),
      drop_share: journal.summary.guard?.drop_share ?? null,
      differences: journal.summary.guard?.differences ?? [],
    };
  }

  /**
   * An admin's decision on the held run: accept publishes its lake partitions and warehouse (the
   * API switches to it at once), reject discards them (the files stay archived).
   */
  async decide(runId: string, action: 'accept' | 'reject', actor: string): Promise<RunSummaryDto> {
    if (this.runner.running)
      throw new ConflictException(
        'ETL sedang berjalan; putuskan setelah selesai / an ETL run is under way',
      );
    try {
      const summary =
        action === 'accept'
          ? await acceptHeldRun(this.config.dataDir, runId, actor)
          : await rejectHeldRun(this.config.dataDir, runId, actor);
      if (action === 'accept') await this.warehouse.refresh();
      return summaryDto(summary);
    } catch (error) {
      if (error instanceof HeldRunError) throw new NotFoundException(error.message);
      throw error;
    }
  }

  async freshness(): Promise<FreshnessDto> {
    const [rows, meta] = await Promise.all([this.metaRepo.freshness(), this.metaRepo.meta()]);
    const asOf = meta.as_of ?? null;
    const known = new Map(rows.map((r) => [r.feed, r]));
    const feeds = [...new Set([...FEEDS, ...known.keys()])].map((feed) => {
      const newest = known.get(feed)?.newest_period ?? null;
      const days =
        newest && asOf
          ? Math.round(
              (Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${newest}T00:00:00Z`)) / DAY_MS,
            )
          : null;
      return {
        feed,
        newest_period: newest,
        days_since: days,
        stale: days === null || days > (STALE_AFTER_DAYS[feed] ?? 62),
      };
    });
    return { as_of: asOf, feeds };
  }

  /** data_quality grouped per registry source and release, newest first. */
  async quality(): Promise<QualityDto> {
    const rows = await this.repo.quality();
    const releases = new Map<string, QualityReleaseDto>();
    for (const r of rows) {
      const key = `${String(r.periode)}|${String(r.sumber)}`;
      let release = releases.get(key);
      if (!release) {
        release = {
          sumber: String(r.sumber),
          periode: String(r.periode),
          snapshot: false,
          metrics: [],
        };
        releases.set(key, release);
      }
      const metric = String(r.metric);
      if (metric !== 'anggota_tanpa_keluarga') release.snapshot = true;
      release.metrics.push({
        metric,
        numerator: Number(r.numerator),
        denominator: Number(r.denominator),
        value: r.value === null || r.value === undefined ? null : Number(r.value),
      });
    }
    return { releases: [...releases.values()] };
  }

  async rejects(q: { feed?: string; run_id?: string }): Promise<RejectsDto> {
    if (q.feed !== undefined && !/^[a-z_]+$/.test(q.feed)) {
      badRequest(
        `Parameter 'feed' harus nama feed, contoh ${FEEDS.join(', ')}`,
        `'feed' must be a feed name`,
      );
    }
    const runId = q.run_id ?? (await this.metaRepo.meta()).run_id ?? null;
    if (runId === null) return { run_id: null, counts: [], rows: [] };
    if (q.run_id !== undefined && !(await this.isKnownRun(q.run_id))) {
      throw new NotFoundException(
        `Run '${q.run_id}' tidak dikenal; daftar run ada di /api/etl/runs / unknown run`,
      );
    }
    const feed = q.feed ?? null;
    const [counts, rows] = await Promise.all([
      this.repo.rejectCounts(runId, feed),
      this.repo.rejectRows(runId, feed, 1000),
    ]);
    return {
      run_id: runId,
      counts: counts as unknown as RejectsDto['counts'],
      rows: rows as unknown as RejectsDto['rows'],
    };
  }

  private async isKnownRun(runId: string): Promise<boolean> {
    if ((await this.runs.list()).some((r) => r.run_id === runId)) return true;
    return this.warehouse.available && (await this.repo.knownRun(runId));
  }
}

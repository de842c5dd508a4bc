/** The nightly run at ETL_CRON (Asia/Jakarta). A tick while a run is under way is skipped. */
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EtlRunnerService } from './etl-runner.service.js';

const JOB = 'etl-nightly';

@Injectable()
export class EtlSchedulerService implements OnModuleDestroy {
  private readonly logger = new Logger('EtlScheduler');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly runner: EtlRunnerService,
  ) {}

  schedule(): void {
    const job = CronJob.from({
      cronTime: this.config.etlCron,
      timeZone: this.config.etlTimeZone,
      onTick: () => this.tick(),
      start: true,
    });
    this.registry.addCronJob(JOB, job as never);
    this.logger.log(`ETL terjadwal '${this.config.etlCron}' (${this.config.etlTimeZone})`);
  }

  nextRun(): string | null {
    if (!this.registry.doesExist('cron', JOB)) return null;
    const next = this.registry.getCronJob(JOB).nextDate();
    return next.toISO();
  }

  onModuleDestroy(): void {
    if (this.registry.doesExist('cron', JOB)) {
      void this.registry.getCronJob(JOB).stop();
      this.registry.deleteCronJob(JOB);
    }
  }

  private tick(): void {
    if (this.runner.running) {
      this.logger.warn('Jadwal ETL dilewati: run sebelumnya masih berjalan');
      return;
    }
    void this.runner.start('cron');
  }
}

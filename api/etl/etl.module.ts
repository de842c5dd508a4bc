import { Module } from '@nestjs/common';
import { EtlController } from './etl.controller.js';
import { EtlRunnerService } from './etl-runner.service.js';
import { EtlRunsRepository } from './etl-runs.repository.js';
import { EtlSchedulerService } from './etl-scheduler.service.js';
import { EtlRepository } from './etl.repository.js';
import { EtlService } from './etl.service.js';

@Module({
  controllers: [EtlController],
  providers: [EtlRunnerService, EtlRunsRepository, EtlSchedulerService, EtlRepository, EtlService],
  exports: [EtlRunnerService, EtlRunsRepository, EtlSchedulerService],
})
export class EtlModule {}

/**
 * The run history the API serves (`/api/health`, `/api/etl/*`): warehouse/runs.ts's cached reader
 * of `<data>/lake/_runs/`, bound to the configured data folder. `invalidate()` (the runner, when
 * a run ends) forces a fresh look on the next call.
 */
import { Inject, Injectable } from '@nestjs/common';
import { RunHistory } from '../../warehouse/runs.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

@Injectable()
export class EtlRunsRepository extends RunHistory {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.dataDir);
  }
}

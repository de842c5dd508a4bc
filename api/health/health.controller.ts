/**
 * Health for operators and monitoring: the warehouse is open (and how old it is), app.duckdb
 * answers, and the last ETL run's status. A failed last run is "degraded": the previous warehouse
 * still serves, so the API stays up (HTTP 200) but the problem is visible.
 */
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ApiTags } from '@nestjs/swagger';
import { AppDbService } from '../app-db/app-db.service.js';
import { EtlRunsRepository } from '../etl/etl-runs.repository.js';
import { MetaRepository } from '../warehouse/meta.repository.js';
import { WarehouseService } from '../warehouse/warehouse.service.js';

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly warehouse: WarehouseService,
    private readonly metaRepo: MetaRepository,
    private readonly appDb: AppDbService,
    private readonly runs: EtlRunsRepository,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.warehouseCheck(),
      () => this.appDbCheck(),
      () => this.lastRunCheck(),
    ]);
  }

  private async warehouseCheck() {
    const session = this.indicator.check('warehouse');
    if (!this.warehouse.available)
      return session.down({ message: 'Belum ada warehouse yang terbit' });
    const meta = await this.metaRepo.meta();
    const builtAt = meta.built_at ? Date.parse(meta.built_at) : NaN;
    const ageHours = Number.isNaN(builtAt) ? null : Math.round((Date.now() - builtAt) / 36e5);
    return session.up({
      as_of: meta.as_of ?? null,
      built_at: meta.built_at ?? null,
      age_hours: ageHours,
    });
  }

  private async appDbCheck() {
    const session = this.indicator.check('app_db');
    try {
      return (await this.appDb.ping())
        ? session.up()
        : session.down({ message: 'app.duckdb belum dibuka' });
    } catch {
      return session.down({ message: 'app.duckdb tidak menjawab' });
    }
  }

  private async lastRunCheck() {
    const session = this.indicator.check('last_run');
    const [last] = await this.runs.list();
    if (!last) return session.up({ run: 'belum ada' });
    const data = {
      run_id: last.run_id,
      run_status: last.status,
      finished_at: String(last.finished_at ?? ''),
    };
    return last.status === 'FAILED' ? session.degraded(data) : session.up(data);
  }
}

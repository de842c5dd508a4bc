/** Shared infrastructure: the validated configuration, the warehouse, app.duckdb. */
import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppDbService } from '../app-db/app-db.service.js';
import { TargetsRepository } from '../app-db/targets.repository.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AreaRepository } from '../warehouse/area.repository.js';
import { ContextService } from '../warehouse/context.service.js';
import { MetaRepository } from '../warehouse/meta.repository.js';
import { SmallCountService } from '../warehouse/small-count.service.js';
import { WarehouseService } from '../warehouse/warehouse.service.js';

const SHARED = [
  WarehouseService,
  AreaRepository,
  MetaRepository,
  ContextService,
  SmallCountService,
  AppDbService,
  TargetsRepository,
];

@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, ...SHARED],
      exports: [APP_CONFIG, ...SHARED],
    };
  }
}

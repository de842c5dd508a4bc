import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AreasModule } from './areas/areas.module.js';
import { BudgetModule } from './budget/budget.module.js';
import { TableInterceptor } from './common/arrow.js';
import type { AppConfig } from './config/config.js';
import { CoreModule } from './core/core.module.js';
import { CoverageModule } from './coverage/coverage.module.js';
import { EtlModule } from './etl/etl.module.js';
import { HealthModule } from './health/health.module.js';
import { IndicatorsModule } from './indicators/indicators.module.js';
import { PokjaModule } from './pokja/pokja.module.js';
import { RujukanModule } from './rujukan/rujukan.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        ScheduleModule.forRoot(),
        IndicatorsModule,
        AreasModule,
        RujukanModule,
        CoverageModule,
        BudgetModule,
        EtlModule,
        HealthModule,
        PokjaModule,
      ],
      providers: [{ provide: APP_INTERCEPTOR, useClass: TableInterceptor }],
    };
  }
}
